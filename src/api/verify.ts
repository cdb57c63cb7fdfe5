import { API_IDS, type ApiId, type Profile } from '../../mocks/shared/types.js';
import type { StartedTarget } from '../containers/types.js';
import { SCENARIOS } from '../scenarios/index.js';
import { isApiId } from '../spec/load.js';
import { runContract, type RunOptions } from '../verify/run.js';
import { inProcessTarget } from '../verify/targets/in-process.js';
import { prismTarget } from '../verify/targets/prism.js';
import { connectUrlTarget } from '../verify/targets/remote.js';
import type { Target } from '../verify/targets/target.js';
import type { Scenario } from '../verify/scenario/define.js';
import type { ContractReport } from '../verify/types.js';

/**
 * What `verify` runs against:
 * - `'simulator'`: contract-kit's own simulator, in-process (the default; `options.profile` picks its profile);
 * - `'prism'`: Prism serving the spec (needs the optional `@stoplight/prism-cli`);
 * - a base URL (`'http://127.0.0.1:8030'`, or `{ baseUrl }`): whatever answers there, e.g. a mock
 *   started with startMockServer, a ContractKitContainer's getBaseUrl(), a real deployment;
 * - a started container target (startTarget from `contract-kit/containers`): its URL and the
 *   credentials its image documents. The container is left running; stop it yourself.
 */
export type VerifyTarget = 'simulator' | 'prism' | string | { baseUrl: string; description?: string } | StartedTarget;

export interface VerifyOptions extends RunOptions {
  /** Profile of the in-process simulator (target `'simulator'`); default documented. */
  profile?: Profile;
  /** The stateful scenarios to run (written with defineScenario); default the ones contract-kit ships for the API. */
  scenarios?: readonly Scenario[];
}

/**
 * Runs the contract cases of one API (documented examples, negative cases, stateful scenarios)
 * against a target and returns the report: `report.summary.fail === 0` means the target keeps the
 * contract. Against a URL that is not a local contract-kit mock only `x-safety: read` cases run
 * unless `allowMutations`. Write the report with jsonReport / junitReport / consoleReport.
 */
export async function verify(api: ApiId, target: VerifyTarget = 'simulator', options: VerifyOptions = {}): Promise<ContractReport> {
  if (!isApiId(api)) throw new TypeError(`verify: unknown api '${String(api)}'; expected one of ${API_IDS.join(', ')}`);
  const { profile, scenarios = SCENARIOS[api], ...runOptions } = options;
  const { opened, credentials } = await openTarget(api, target, profile);
  try {
    return await runContract(api, opened, scenarios, { ...runOptions, credentials: { ...credentials, ...runOptions.credentials } });
  } finally {
    await opened.close();
  }
}

async function openTarget(api: ApiId, target: VerifyTarget, profile: Profile | undefined): Promise<{ opened: Target; credentials?: RunOptions['credentials'] }> {
  if (target === 'simulator') return { opened: await inProcessTarget(api, { profile: profile ?? 'documented' }) };
  if (target === 'prism') return { opened: await prismTarget(api) };
  if (typeof target === 'string') return { opened: await connectUrlTarget(checkedUrl(target)) };
  if ('access' in target) {
    const { basicAuth, token } = target.access;
    return {
      opened: await connectUrlTarget(target.baseUrl, { description: `${target.kind} container ${target.baseUrl}` }),
      credentials: { token, user: basicAuth?.username, password: basicAuth?.password },
    };
  }
  return { opened: await connectUrlTarget(checkedUrl(target.baseUrl), { description: target.description }) };
}

function checkedUrl(url: string): string {
  if (!/^https?:\/\/[^/]+/.test(url)) throw new TypeError(`verify: target must be 'simulator', 'prism' or an http(s) base URL, got '${url}'`);
  return url;
}
