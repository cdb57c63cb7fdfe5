import { isNonEmptyString, isObject, isSafety, requestExampleKeys, responseExampleKeys, SAFETY_VALUES, type JsonObject, type Check, type Finding } from './shapes.js';

/** Rules over an operation's `x-variants` list (specs/CONVENTIONS.md), given the operation object. */

const VARIANT_NAME = /^[a-z0-9_.-]+$/;

function variantsOf(operation: unknown): { variant: JsonObject; index: number }[] {
  if (!isObject(operation) || !Array.isArray(operation['x-variants'])) return [];
  return operation['x-variants'].flatMap((variant, index) => (isObject(variant) ? [{ variant, index }] : []));
}

function queryParameterNames(operation: JsonObject): Set<string> {
  const parameters = Array.isArray(operation.parameters) ? operation.parameters : [];
  return new Set(parameters.flatMap((p) => (isObject(p) && p.in === 'query' && typeof p.name === 'string' ? [p.name] : [])));
}

function label(variant: JsonObject, index: number): string {
  return typeof variant.name === 'string' ? `Variant "${variant.name}"` : `Variant #${index}`;
}

function matchConditionProblem(condition: unknown): string | undefined {
  if (!isObject(condition)) return 'is not an object';
  const where = condition.in;
  if (where === 'body') {
    if (typeof condition.pointer !== 'string' || !(condition.pointer === '' || condition.pointer.startsWith('/'))) {
      return 'has in: body but no JSON pointer in `pointer`';
    }
  } else if (where === 'query' || where === 'header') {
    if (!isNonEmptyString(condition.name)) return `has in: ${where} but no \`name\``;
  } else {
    return `has in: ${JSON.stringify(where)}; expected body, query or header`;
  }
  if (!('const' in condition) && !('present' in condition)) return 'states neither `const` nor `present`';
  if ('present' in condition && typeof condition.present !== 'boolean') return '`present` is not a boolean';
  return undefined;
}

export const variantsAreWellFormed: Check = (operation) => {
  if (!isObject(operation) || operation['x-variants'] === undefined) return [];
  const list = operation['x-variants'];
  if (!Array.isArray(list) || list.length === 0) return [{ message: 'x-variants must be a non-empty list.', path: ['x-variants'] }];
  const results: Finding[] = [];
  list.forEach((variant, index) => {
    const at = ['x-variants', index];
    if (!isObject(variant)) {
      results.push({ message: `Variant #${index} is not an object.`, path: at });
      return;
    }
    const name = label(variant, index);
    if (typeof variant.name !== 'string' || !VARIANT_NAME.test(variant.name)) {
      results.push({ message: `${name} needs a name matching ${VARIANT_NAME.source}.`, path: [...at, 'name'] });
    }
    if (!Array.isArray(variant.match)) {
      results.push({ message: `${name} has no \`match\` list.`, path: [...at, 'match'] });
    } else {
      variant.match.forEach((condition, conditionIndex) => {
        const problem = matchConditionProblem(condition);
        if (problem) results.push({ message: `${name}: match condition #${conditionIndex} ${problem}.`, path: [...at, 'match', conditionIndex] });
      });
      // The first matching variant wins, so a catch-all before the end hides the ones after it.
      if (variant.match.length === 0 && index < list.length - 1) {
        results.push({ message: `${name} matches everything (match: []) but is not the last variant.`, path: [...at, 'match'] });
      }
    }
    if (!isObject(variant.responses) || Object.keys(variant.responses).length === 0) {
      results.push({ message: `${name} lists no responses.`, path: [...at, 'responses'] });
    } else {
      const documented = isObject(operation.responses) ? Object.keys(operation.responses) : [];
      for (const status of Object.keys(variant.responses)) {
        if (!documented.includes(status)) {
          results.push({ message: `${name}: response ${status} is not among the operation's responses (${documented.join(', ')}).`, path: [...at, 'responses', status] });
        }
      }
    }
    const parameters = isObject(variant.request) ? variant.request.parameters : undefined;
    if (Array.isArray(parameters)) {
      const known = queryParameterNames(operation);
      parameters.forEach((parameter, parameterIndex) => {
        if (typeof parameter !== 'string' || !known.has(parameter)) {
          results.push({ message: `${name}: request parameter "${String(parameter)}" is not a query parameter of the operation.`, path: [...at, 'request', 'parameters', parameterIndex] });
        }
      });
    }
  });
  return results;
};

export const variantNamesAreUnique: Check = (operation) => {
  const seen = new Set<string>();
  const results: Finding[] = [];
  for (const { variant, index } of variantsOf(operation)) {
    if (typeof variant.name !== 'string') continue;
    if (seen.has(variant.name)) results.push({ message: `Variant name "${variant.name}" is used twice.`, path: ['x-variants', index, 'name'] });
    seen.add(variant.name);
  }
  return results;
};

export const variantsHaveSafety: Check = (operation) => {
  if (!isObject(operation)) return [];
  const inherited = operation['x-safety'];
  const results: Finding[] = [];
  for (const { variant, index } of variantsOf(operation)) {
    const own = variant['x-safety'];
    if (own === undefined ? !isSafety(inherited) : !isSafety(own)) {
      results.push({
        message: `${label(variant, index)} has no valid x-safety of its own or from its operation (one of ${SAFETY_VALUES.join(', ')}).`,
        path: ['x-variants', index, ...(own === undefined ? [] : ['x-safety'])],
      });
    }
  }
  return results;
};

/** Each variant response names ≥1 example, and every example key it names exists on the operation. */
export const variantExamplesExist: Check = (operation) => {
  if (!isObject(operation)) return [];
  const results: Finding[] = [];
  for (const { variant, index } of variantsOf(operation)) {
    const name = label(variant, index);
    const responses = isObject(variant.responses) ? variant.responses : {};
    for (const [status, response] of Object.entries(responses)) {
      const at = ['x-variants', index, 'responses', status];
      const keys = isObject(response) && Array.isArray(response.examples) ? response.examples : [];
      if (keys.length === 0) {
        results.push({ message: `${name}: response ${status} lists no example keys.`, path: at });
        continue;
      }
      const known = responseExampleKeys(operation, status);
      keys.forEach((key, keyIndex) => {
        if (typeof key !== 'string' || !known.has(key)) {
          results.push({
            message: `${name}: response ${status} example "${String(key)}" is not among the operation's responses['${status}'] examples.`,
            path: [...at, 'examples', keyIndex],
          });
        }
      });
    }
    // Klustron async jobs: the get_status answer once done, from the Emit operation's 200 examples.
    const statusKeys = isObject(variant.statusResponse) && Array.isArray(variant.statusResponse.examples) ? variant.statusResponse.examples : [];
    const known200 = responseExampleKeys(operation, '200');
    statusKeys.forEach((key, keyIndex) => {
      if (typeof key !== 'string' || !known200.has(key)) {
        results.push({
          message: `${name}: statusResponse example "${String(key)}" is not among the operation's responses['200'] examples.`,
          path: ['x-variants', index, 'statusResponse', 'examples', keyIndex],
        });
      }
    });
    const requestKeys = isObject(variant.request) && Array.isArray(variant.request.examples) ? variant.request.examples : [];
    const knownRequest = requestExampleKeys(operation);
    requestKeys.forEach((key, keyIndex) => {
      if (typeof key !== 'string' || !knownRequest.has(key)) {
        results.push({
          message: `${name}: request example "${String(key)}" is not among the operation's request body or parameter examples.`,
          path: ['x-variants', index, 'request', 'examples', keyIndex],
        });
      }
    });
  }
  return results;
};
