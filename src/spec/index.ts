export { loadSpec, loadAllSpecs, isApiId } from './load.js';
export { routeRequest, matchVariant, resolvePointer } from './route.js';
export type { RouteResult, RoutableRequest } from './route.js';
export { packageRoot, specPath } from './locate.js';
export { essence, schemaForContentType } from './media-type.js';
export { variantResponse } from './index-operations.js';
export type * from './types.js';
