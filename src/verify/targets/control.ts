import type { Target } from './target.js';
import type { SendLimits } from './send-http.js';

/**
 * The `/__contract-kit/` control endpoints of contract-kit mocks (in-process and network alike):
 * only tried on local targets; a target without them answers 404 and the caller carries on.
 */
async function control(target: Target, path: string, query: Record<string, string>, limits: SendLimits): Promise<boolean> {
  if (!target.local || !target.stateful) return false;
  const exchange = await target.send({ method: 'POST', path: `/__contract-kit/${path}`, query, headers: {} }, limits);
  const status = exchange.response?.status ?? 0;
  return status >= 200 && status < 300;
}

/** Back to the mock's initial state, so every case starts from the same fixtures. */
export function resetTarget(target: Target, limits: SendLimits): Promise<boolean> {
  return control(target, 'reset', {}, limits);
}

/** Moves a mock's clock forward (finishing async jobs without waiting); false when unsupported. */
export function advanceTargetClock(target: Target, ms: number, limits: SendLimits): Promise<boolean> {
  return control(target, 'clock/advance', { ms: String(Math.round(ms)) }, limits);
}
