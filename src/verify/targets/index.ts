export type { Target } from './target.js';
export { isLoopbackUrl } from '../../serve/ports.js';
export { inProcessTarget, type InProcessOptions } from './in-process.js';
export { urlTarget, connectUrlTarget, simulatorServerTarget, prismTarget, prismUnsupported } from './remote.js';
export { sendHttp, DEFAULT_LIMITS, type SendLimits } from './send-http.js';
