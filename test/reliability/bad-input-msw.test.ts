/**
 * The same bad inputs through the in-process adapter (MSW handlers, as connector tests use them),
 * in both profiles: the API's own client-error answer, never a 5xx, never an exception out of
 * the handler. Inputs fetch cannot send are left to the network test (a body on GET, methods
 * fetch forbids); fetch normalises dot segments, so paths are judged as MSW receives them.
 */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { API_IDS, type Profile } from '../../mocks/shared/types.js';
import { createMswHandlers, type MswHandlers } from '../../src/serve/msw.js';
import { loadSpec, type IndexedSpec } from '../../src/spec/index.js';
import { classifyAnswer } from './support/answer-shape.js';
import { allowedKinds, badInputs, classifyRequest, type BadInput } from './support/bad-inputs.js';

const PROFILES: Profile[] = ['documented', 'observed'];
const BASE = 'http://contract-kit.msw.test';
const specs = await Promise.all(API_IDS.map((api) => loadSpec(api)));

/** Whether fetch can send this input as it is. */
function fetchable(input: BadInput): boolean {
  const { method, body } = input.request;
  return !((method === 'GET' || method === 'HEAD') && body !== undefined);
}

describe.each(specs.flatMap((spec) => PROFILES.map((profile) => [spec.api, profile, spec] as [string, Profile, IndexedSpec])))(
  '%s, %s profile: bad input through MSW',
  (_api, profile, spec) => {
    let msw: MswHandlers;
    const server = setupServer();
    beforeAll(() => {
      msw = createMswHandlers(spec.api, { baseUrl: BASE, profile });
      server.use(...msw.handlers);
      server.listen({ onUnhandledRequest: 'error' });
    });
    afterAll(() => server.close());

    test('every operation: the API\'s own answer, never a 5xx', async () => {
      const failures: string[] = [];
      let sent = 0;
      for (const operation of spec.operations) {
        msw.reset();
        for (const input of badInputs(spec, operation).filter(fetchable)) {
          // Concatenated, not resolved: `//x` must stay a path, not become a host.
          const url = new URL(`${BASE}${input.request.path}`);
          // What MSW sees: the path after fetch's normalisation.
          const request = { ...input.request, path: url.pathname + url.search };
          const requestClass = classifyRequest(spec, request);
          const judgedAs = requestClass.kind === 'unrouted' ? operation : requestClass.operation;
          try {
            const res = await fetch(url, { method: request.method, headers: request.headers, body: typeof request.body === 'string' || request.body === undefined ? request.body : new Uint8Array(request.body), signal: AbortSignal.timeout(5_000) });
            const text = await res.text();
            sent++;
            const headers: Record<string, string> = {};
            res.headers.forEach((value, name) => (headers[name] = value));
            const answer = classifyAnswer({ spec, profile, operation: judgedAs }, res.status, headers, text);
            if (!allowedKinds(requestClass, profile).includes(answer.kind)) {
              failures.push(`${operation.operationId} ${input.name} (${requestClass.kind}): ${answer.why}`);
            }
          } catch (error) {
            failures.push(`${operation.operationId} ${input.name}: ${(error as Error).message}`);
          }
        }
      }
      expect(sent).toBeGreaterThan(spec.operations.length * 10);
      expect(failures, failures.join('\n')).toEqual([]);
    });
  },
);
