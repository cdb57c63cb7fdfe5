import { HTTP_METHODS } from '../../spec/index-operations.js';
import { isObject, isSafety, mediaExampleKeys, SAFETY_VALUES, type Check, type Finding } from './shapes.js';

/** Rules over one operation object (given `$.paths[*][<method>]`). */

const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

export const operationIdIsSnakeCase: Check = (operation) => {
  if (!isObject(operation)) return [];
  const id = operation.operationId;
  if (typeof id !== 'string' || id.length === 0) return [{ message: 'Operation has no operationId.' }];
  if (!SNAKE_CASE.test(id)) return [{ message: `operationId "${id}" is not snake_case.`, path: ['operationId'] }];
  return [];
};

export const operationHasSafety: Check = (operation) => {
  if (!isObject(operation)) return [];
  const safety = operation['x-safety'];
  if (safety === undefined) return [{ message: `Operation has no x-safety (one of ${SAFETY_VALUES.join(', ')}).` }];
  if (!isSafety(safety)) {
    return [{ message: `x-safety is ${JSON.stringify(safety)}; expected one of ${SAFETY_VALUES.join(', ')}.`, path: ['x-safety'] }];
  }
  return [];
};

/** A response with a body must show what the body looks like: Prism, docs and verify read these. */
export const responsesHaveExamples: Check = (operation) => {
  if (!isObject(operation) || !isObject(operation.responses)) return [];
  const results: Finding[] = [];
  for (const [status, response] of Object.entries(operation.responses)) {
    if (!isObject(response) || !isObject(response.content) || Object.keys(response.content).length === 0) continue;
    if (mediaExampleKeys(response.content).size === 0) {
      results.push({ message: `Response ${status} has no named example on any media type.`, path: ['responses', status] });
    }
  }
  return results;
};

/** `x-accepted-methods`: other HTTP methods (lower case, no repeats) the documents use for the operation. */
export const acceptedMethodsAreWellFormed: Check = (operation) => {
  if (!isObject(operation) || operation['x-accepted-methods'] === undefined) return [];
  const list = operation['x-accepted-methods'];
  if (!Array.isArray(list)) return [{ message: 'x-accepted-methods must be a list of HTTP methods.', path: ['x-accepted-methods'] }];
  const results: Finding[] = [];
  const seen = new Set<unknown>();
  list.forEach((method, index) => {
    const at = ['x-accepted-methods', index];
    if (!(HTTP_METHODS as readonly unknown[]).includes(method)) {
      results.push({ message: `x-accepted-methods: ${JSON.stringify(method)} is not a lower-case HTTP method (${HTTP_METHODS.join(', ')}).`, path: at });
    } else if (seen.has(method)) {
      results.push({ message: `x-accepted-methods lists ${method} twice.`, path: at });
    }
    seen.add(method);
  });
  return results;
};
