/** Small readers of the untyped spec fragments Spectral hands to rule functions. */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

export const SAFETY_VALUES = ['read', 'write', 'destructive'] as const;

export function isSafety(value: unknown): boolean {
  return (SAFETY_VALUES as readonly unknown[]).includes(value);
}

/** The keys of the named examples on every media type of a `content` map. */
export function mediaExampleKeys(content: unknown): Set<string> {
  const keys = new Set<string>();
  if (!isObject(content)) return keys;
  for (const media of Object.values(content)) {
    if (isObject(media) && isObject(media.examples)) {
      for (const key of Object.keys(media.examples)) keys.add(key);
    }
  }
  return keys;
}

/** The keys of the named examples of an operation's response for one status. */
export function responseExampleKeys(operation: JsonObject, status: string): Set<string> {
  const responses = isObject(operation.responses) ? operation.responses : {};
  const response = responses[status];
  return isObject(response) ? mediaExampleKeys(response.content) : new Set();
}

/** The keys of the operation's request examples: request body examples and parameter examples. */
export function requestExampleKeys(operation: JsonObject): Set<string> {
  const keys = isObject(operation.requestBody) ? mediaExampleKeys(operation.requestBody.content) : new Set<string>();
  const parameters = Array.isArray(operation.parameters) ? operation.parameters : [];
  for (const parameter of parameters) {
    if (isObject(parameter) && isObject(parameter.examples)) {
      for (const key of Object.keys(parameter.examples)) keys.add(key);
    }
  }
  return keys;
}

/** Every value of an `x-` extension key anywhere in the document, with its JSON path. */
export function* findExtension(node: unknown, key: string, path: (string | number)[] = []): Generator<{ path: (string | number)[]; value: unknown }> {
  if (Array.isArray(node)) {
    for (const [index, item] of node.entries()) yield* findExtension(item, key, [...path, index]);
    return;
  }
  if (!isObject(node)) return;
  for (const [name, value] of Object.entries(node)) {
    if (name === key) yield { path: [...path, name], value };
    else yield* findExtension(value, key, [...path, name]);
  }
}

/** A problem a check found, `path` relative to the node the check was given. */
export interface Finding {
  message: string;
  path?: (string | number)[];
}

/** A project rule's logic: given one node of the spec, the problems in it. */
export type Check = (target: unknown) => Finding[];
