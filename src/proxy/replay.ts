import type { DecodedRequestParts, SimResponse, Simulator } from '../../mocks/shared/types.js';
import { recordedRequest, type RecordedExchange, type RecordedRequest, type Recording } from './recording.js';

/** Recorded answers to one distinct request, in recorded order. */
interface ReplaySlot {
  answers: SimResponse[];
  next: number;
}

/**
 * A simulator that answers recorded requests with the recorded answers and leaves everything else
 * to the simulator it wraps. A request matches on method, path, query and body (JSON compared
 * by value; in a redacted recording, secret-named values match anything). When the same request
 * was recorded several times its answers come back in recorded order, the last one repeating
 * (a job polled until `done` stays done). Every method that answers a request consults the
 * recording — `handle`, and also `rejectInvalid` and `rejectUnrouted`, since real traffic holds
 * requests the documents reject but the real server answered — so dispatch needs no change.
 */
export function replaySimulator(inner: Simulator, recording: Recording): Simulator & { readonly recorded: number } {
  const redact = recording.secrets === 'redacted';
  const slots = new Map<string, ReplaySlot>();
  let recorded = 0;
  for (const exchange of recording.exchanges) {
    if (exchange.api !== inner.api) continue;
    const key = signature(exchange.request);
    const slot = slots.get(key) ?? { answers: [], next: 0 };
    slot.answers.push(toSimResponse(exchange.response));
    slots.set(key, slot);
    recorded++;
  }

  function recordedAnswer(request: DecodedRequestParts): SimResponse | undefined {
    if (slots.size === 0) return undefined;
    const slot = slots.get(signature(recordedRequest({ ...request, body: request.rawBody }, redact)));
    if (!slot) return undefined;
    const answer = slot.answers[Math.min(slot.next, slot.answers.length - 1)]!;
    slot.next++;
    // Each answer is a copy: the adapter adds headers (CORS) to what it is given.
    return { ...answer, headers: { ...answer.headers } };
  }

  return {
    api: inner.api,
    profile: inner.profile,
    scenarios: inner.scenarios,
    settingSpecs: inner.settingSpecs,
    recorded,
    handle: (request) => recordedAnswer(request) ?? inner.handle(request),
    rejectInvalid: (request, problems) => recordedAnswer(request) ?? inner.rejectInvalid(request, problems),
    rejectUnrouted: (request) => recordedAnswer(request) ?? inner.rejectUnrouted(request),
    errorResponse: (status, message) => inner.errorResponse(status, message),
    ignoresMethod: inner.ignoresMethod,
    // State documents and seeds are the inner simulator's: the recording only answers first.
    ...(inner.exportState && { exportState: () => inner.exportState!() }),
    ...(inner.importState && { importState: (document: unknown) => inner.importState!(document) }),
    applyScenario: (name) => inner.applyScenario(name),
    reset: () => {
      for (const slot of slots.values()) slot.next = 0;
      inner.reset();
    },
  };
}

function toSimResponse(response: RecordedExchange['response']): SimResponse {
  const body = response.body === undefined ? undefined : response.bodyEncoding === 'base64' ? Buffer.from(response.body, 'base64').toString('utf8') : response.body;
  // A string body is sent as it is, with the recorded headers (Content-Type included).
  return { status: response.status, headers: { ...response.headers }, body };
}

/** One string per distinct request: method, path, sorted query, and the body (JSON by value). */
function signature(request: RecordedRequest): string {
  const query = Object.keys(request.query)
    .sort()
    .map((name) => [name, request.query[name]]);
  return JSON.stringify([request.method, request.path, query, canonicalBody(request.body)]);
}

function canonicalBody(body: string | undefined): unknown {
  if (body === undefined) return null;
  try {
    return ['json', sortKeys(JSON.parse(body))];
  } catch {
    return ['text', body];
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}
