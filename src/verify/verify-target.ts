import type { ApiId } from '../../mocks/shared/types.js';
import type { StartedTarget } from '../containers/types.js';
import { runContract, type RunOptions } from './run.js';
import type { Scenario } from './scenario/define.js';
import { connectUrlTarget } from './targets/remote.js';
import type { Target } from './targets/target.js';
import type { ContractReport } from './types.js';

export interface VerifyTargetOptions extends RunOptions {
  /** How reports name the target (default: the base URL). */
  description?: string;
}

/**
 * Verifies whatever answers at a base URL (a deployment, a container, a mock started elsewhere)
 * with the spec's cases and the scenarios handed in; write cases run only against a contract-kit
 * mock unless `allowMutations`.
 */
export async function verifyTarget(api: ApiId, baseUrl: string, scenarios: readonly Scenario[], options: VerifyTargetOptions = {}): Promise<ContractReport> {
  const target = await connectUrlTarget(baseUrl, { description: options.description });
  try {
    return await runContract(api, target, scenarios, options);
  } finally {
    await target.close();
  }
}

/**
 * A started container target (src/containers `startTarget`): its published URL, with the
 * credentials its image documents as defaults; `close` stops the containers. A simulator image
 * counts as a local mock; a real deployment gets write cases only with allowMutations.
 */
export async function containerTarget(started: StartedTarget): Promise<{ target: Target; credentials: RunOptions['credentials'] }> {
  const { basicAuth, token } = started.access;
  return {
    target: await connectUrlTarget(started.baseUrl, { description: `${started.kind} container ${started.baseUrl}`, close: () => started.stop() }),
    credentials: { token, user: basicAuth?.username, password: basicAuth?.password },
  };
}
