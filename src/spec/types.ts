import type { OpenAPIV3_1 } from 'openapi-types';
import type { ApiId } from '../../mocks/shared/types.js';

/** A JSON Schema 2020-12 object as it stands in a dereferenced OpenAPI 3.1 document. */
export type JsonSchema = { [keyword: string]: unknown } | boolean;

export type Safety = 'read' | 'write' | 'destructive';

/** One condition of a variant's `match` list (see specs/CONVENTIONS.md). */
export type MatchCondition =
  | { in: 'body'; pointer: string; const?: unknown; present?: boolean }
  | { in: 'query' | 'header'; name: string; const?: unknown; present?: boolean };

export interface NamedExample {
  key: string;
  summary?: string;
  value: unknown;
}

/**
 * A documented request: its body example and/or its query parameter examples that share one key.
 */
export interface RequestExample {
  key: string;
  summary?: string;
  /** Present when the key names a request body example. */
  body?: { mediaType: string; value: unknown };
  /** Query/header/path parameter values of examples with this key, by parameter name. */
  parameters: Record<string, unknown>;
}

/** A media type of a request body or response: its schema and its named examples. */
export interface MediaTypeEntry {
  mediaType: string;
  schema?: JsonSchema;
  examples: NamedExample[];
}

export interface ObservedEntry {
  id: string;
  summary?: string;
  /** The deviation lies in what real servers accept, not in their answer. */
  request?: {
    /** A request sent with a method the documents do not give the path is answered as the path's operation. */
    anyMethod?: boolean;
  };
  response?: {
    status?: number;
    contentType?: string;
    schema?: JsonSchema;
    /** The deviation is an answer where the documents reject the request (e.g. accepting bad paras). */
    insteadOfRejection?: boolean;
  };
}

export interface DocQuirk {
  id: string;
  says: string;
  chosen: string;
  why: string;
}

export interface ResponseEntry {
  status: string;
  description: string;
  headers: Record<string, OpenAPIV3_1.HeaderObject>;
  content: MediaTypeEntry[];
}

/** What a variant (or the implicit `default` variant) expects and answers. */
export interface VariantResponse {
  status: string;
  /** The variant's own schema for this status (operation's when the variant does not narrow it). */
  schema?: JsonSchema;
  /** Media types documented for this status (from the operation). */
  mediaTypes: string[];
  /** The schema of each documented media type (the variant's own where it narrows that kind of body). */
  schemasByMediaType: Record<string, JsonSchema | undefined>;
  examples: NamedExample[];
}

export interface IndexedVariant {
  name: string;
  summary?: string;
  description?: string;
  safety: Safety;
  match: MatchCondition[];
  /** The request body schema of this variant (the operation's when there are no variants). */
  requestSchema?: JsonSchema;
  /** Names of the query parameters this variant uses (all of the operation's when not narrowed). */
  parameters: string[];
  requestExamples: RequestExample[];
  responses: Record<string, VariantResponse>;
  /** Klustron: whether the job answers at once or is polled with get_status. */
  mode?: 'sync' | 'async';
  /** Klustron async jobs: what get_status answers once the job is done. */
  statusResponse?: { schema?: JsonSchema; examples: NamedExample[] };
  observed: ObservedEntry[];
  docQuirks: DocQuirk[];
}

export interface IndexedOperation {
  operationId: string;
  /** The operation whose behaviour this one shares (`x-alias-of`), itself when not an alias. */
  canonicalId: string;
  method: string; // lower case
  /**
   * Other methods (lower case) the documents also use for this operation (`x-accepted-methods`);
   * routed to it like `method`. Empty when none.
   */
  acceptedMethods: string[];
  path: string; // the path template as written in the spec
  summary: string;
  description: string;
  tags: string[];
  safety: Safety;
  /** Path-level and operation-level parameters merged, dereferenced. */
  parameters: OpenAPIV3_1.ParameterObject[];
  requestBody?: { required: boolean; content: MediaTypeEntry[] };
  responses: ResponseEntry[];
  security?: OpenAPIV3_1.SecurityRequirementObject[];
  /** Servers that apply to this operation (operation, path or document level). */
  servers: OpenAPIV3_1.ServerObject[];
  variants: IndexedVariant[];
  /** Entries of the operation, its path and the document root. */
  observed: ObservedEntry[];
  docQuirks: DocQuirk[];
  /** The dereferenced operation object, for consumers that need a field not indexed here. */
  raw: OpenAPIV3_1.OperationObject;
}

/** A handler real servers have that the documents do not describe (root `x-undocumented-handlers`). */
export interface UndocumentedHandler {
  name: string;
  summary: string;
}

/** The root `x-undocumented-handlers`: which paths name a handler, and the handlers known to exist. */
export interface UndocumentedHandlers {
  /** Path templates with a `{name}` segment, e.g. `/MetaService/http/{name}`. */
  paths: string[];
  handlers: UndocumentedHandler[];
}

export interface IndexedSpec {
  api: ApiId;
  file: string;
  title: string;
  version: string;
  description: string;
  /** Fully dereferenced document. */
  document: OpenAPIV3_1.Document;
  servers: OpenAPIV3_1.ServerObject[];
  securitySchemes: Record<string, OpenAPIV3_1.SecuritySchemeObject>;
  operations: IndexedOperation[];
  operationById: ReadonlyMap<string, IndexedOperation>;
  observed: ObservedEntry[];
  /** Undocumented handlers of real servers; empty lists when the spec names none. */
  undocumentedHandlers: UndocumentedHandlers;
}
