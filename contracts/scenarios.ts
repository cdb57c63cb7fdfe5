import type { ApiId } from '../mocks/shared/types.js';
import type { Scenario } from '../src/verify/scenario/define.js';

/** The hand-written stateful scenarios of each API; every case generator reads them from here. */
export const SCENARIOS: Partial<Record<ApiId, Scenario[]>> = {};
