import type { ApiId } from '../../mocks/shared/types.js';
import type { StartedTarget } from '../containers/types.js';
import { runContract, type RunOptions } from './run.js';
import { urlTarget } from './targets/remote.js';
import type { Target } from './targets/target.js';
import type { ContractReport } from './types.js';

export interface VerifyTargetOptions extends RunOptions {
  /** How reports name the target (default: the base URL). */
  description?: string;
}

/** Verifies whatever answers at a base URL (a deployment, a container, a mock started elsewhere). */
export async function verifyTarget(api: ApiId, baseUrl: string, options: VerifyTargetOptions = {}): Promise<ContractReport> {
  const target = urlTarget(baseUrl, { description: options.description });
  try {
    return await runContract(api, target, options);
  } finally {
    await target.close();
  }
}

/**
 * A started container target (src/containers `startTarget`): its published URL, with the
 * credentials its image documents as defaults; `close` stops the containers.
 */
export function containerTarget(started: StartedTarget): { target: Target; credentials: RunOptions['credentials'] } {
  const { basicAuth, token } = started.access;
  return {
    target: urlTarget(started.baseUrl, { description: `${started.kind} container ${started.baseUrl}`, close: () => started.stop() }),
    credentials: { token, user: basicAuth?.username, password: basicAuth?.password },
  };
}
