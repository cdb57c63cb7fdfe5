export type { Target, CasePreparation } from './target.js';
export { isLoopbackUrl } from '../../serve/ports.js';
export { inProcessTarget, type InProcessOptions } from './in-process.js';
export { urlTarget, connectUrlTarget, simulatorServerTarget } from './remote.js';
export { prismTarget, prismPreparation, prismCannotJudge } from './prism.js';
export { sendHttp, DEFAULT_LIMITS, type SendLimits } from './send-http.js';
