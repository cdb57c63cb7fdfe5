import { documentedResponses, documentedStatusKey, failed, mediaTypeEssence, passed, type ResponseCheck } from './context.js';

function mediaTypeMatches(documented: string, actual: string): boolean {
  const pattern = documented.toLowerCase();
  if (pattern === '*/*') return true;
  if (pattern.endsWith('/*')) return actual.startsWith(pattern.slice(0, -1));
  return pattern === actual;
}

/** The Content-Type is one documented for the status (a body-less answer needs none). */
export const contentTypeConformance: ResponseCheck = (ctx) => {
  const { response } = ctx.exchange;
  const key = documentedStatusKey(documentedResponses(ctx), response.status);
  if (key === undefined) return undefined;
  const documented = documentedResponses(ctx)[key]!.mediaTypes;
  const actual = mediaTypeEssence(response.headers['content-type']);
  if (documented.length === 0) {
    if (response.bodyText.length === 0) return passed('content_type_conformance');
    return failed(ctx, 'content_type_conformance', {
      message: `HTTP ${response.status} is documented without a body, but one came back`,
      pointer: 'header:content-type',
      expected: '(no body)',
      actual: actual || '(no content-type)',
    });
  }
  if (documented.some((d) => mediaTypeMatches(d, actual))) return passed('content_type_conformance');
  return failed(ctx, 'content_type_conformance', {
    message: `Content-Type of HTTP ${response.status} is not documented`,
    pointer: 'header:content-type',
    expected: documented,
    actual: actual || '(none)',
  });
};
