import type { SimRequest, SimResponse } from '../shared/types.js';
import { whenDisabled, type Feature } from './features.js';
import { rulePath, type PathRules } from './path-rules.js';
import { asBody, integer, text, type Body } from './request-body.js';
import { json, MESSAGES, ok, requiredParametersMissing, statusAnswer } from './respond.js';
import type { Handler, Priority, SimContext, State } from './state.js';

/**
 * Quota, TTL and priority eviction are the same kind of thing: a value per Alluxio path under a
 * mounted UFS, behind a feature switch. Each differs only in its value, its answer and its messages.
 */
interface RuleKind<Value> {
  feature: Feature;
  table(state: State): PathRules<Value>;
  /** The value of a set request: undefined when missing, `invalid` (the 400 message) when malformed. */
  read(body: Body): { value: Value } | { invalid: string } | undefined;
  view(path: string, value: Value): Record<string, unknown>;
  /** The 404 of get, and the 400 of delete where the document has one ("not found or another problem"). */
  notFound(path: string): string;
}

const PRIORITIES: readonly Priority[] = ['high', 'medium', 'low'];

function given<Value>(value: Value | undefined): { value: Value } | undefined {
  return value === undefined ? undefined : { value };
}

const QUOTA: RuleKind<number> = {
  feature: 'quota',
  table: (state) => state.quotas,
  read: (body) => given(integer(body, 'quotaBytes')),
  // Usage accounting is not simulated: nothing is cached against a quota.
  view: (path, quotaBytes) => ({ path, state: 'Available', quotaBytes, usedBytes: 0, reservedBytes: 0 }),
  notFound: (path) => `No quota item found for path: ${path}`,
};

const TTL: RuleKind<number> = {
  feature: 'ttl',
  table: (state) => state.ttls,
  read: (body) => given(integer(body, 'ttlSeconds')),
  view: (path, ttlSeconds) => ({ path, ttlSeconds }),
  notFound: (path) => `No TTL policy found for path: ${path}`,
};

const PRIORITY: RuleKind<Priority> = {
  feature: 'priority',
  table: (state) => state.priorities,
  read: (body) => {
    const priority = text(body, 'priority');
    if (priority === undefined) return undefined;
    return (PRIORITIES as readonly string[]).includes(priority) ? { value: priority as Priority } : { invalid: `Invalid priority: ${priority}` };
  },
  view: (path, priority) => ({ path, priority }),
  notFound: (path) => `No priority rule found for path: ${path}`,
};

function queryRules<Value>(kind: RuleKind<Value>, req: SimRequest, ctx: SimContext): SimResponse {
  const disabled = whenDisabled(ctx.state.features, kind.feature);
  if (disabled) return disabled;
  const table = kind.table(ctx.state);
  if (req.variant === 'list') return json(200, { results: table.list().map(({ path, value }) => kind.view(path, value)) });
  const path = rulePath(req.query.path ?? '');
  const value = table.get(path);
  return value === undefined ? statusAnswer(404, kind.notFound(path)) : json(200, kind.view(path, value));
}

function setRule<Value>(kind: RuleKind<Value>, req: SimRequest, ctx: SimContext): SimResponse {
  const disabled = whenDisabled(ctx.state.features, kind.feature);
  if (disabled) return disabled;
  const body = asBody(req.body);
  const path = text(body, 'path');
  const read = kind.read(body);
  if (path === undefined || read === undefined) return requiredParametersMissing();
  if ('invalid' in read) return statusAnswer(400, read.invalid);
  if (!ctx.state.mounts.covering(path)) return statusAnswer(400, MESSAGES.noMountedUfs);
  return kind.table(ctx.state).set(path, read.value) ? ok() : statusAnswer(500, `Too many ${kind.feature} rules`);
}

function deleteRule<Value>(kind: RuleKind<Value>, req: SimRequest, ctx: SimContext): SimResponse {
  const disabled = whenDisabled(ctx.state.features, kind.feature);
  if (disabled) return disabled;
  const path = text(asBody(req.body), 'path');
  if (path === undefined) return requiredParametersMissing();
  return kind.table(ctx.state).delete(path) ? ok() : statusAnswer(400, kind.notFound(rulePath(path)));
}

function handlersOf<Value>(kind: RuleKind<Value>): { query: Handler; set: Handler; remove: Handler } {
  return {
    query: (req, ctx) => queryRules(kind, req, ctx),
    set: (req, ctx) => setRule(kind, req, ctx),
    remove: (req, ctx) => deleteRule(kind, req, ctx),
  };
}

const quota = handlersOf(QUOTA);
const ttl = handlersOf(TTL);
const priority = handlersOf(PRIORITY);

export const RULE_HANDLERS: Record<string, Handler> = {
  query_quotas: quota.query,
  set_quota: quota.set,
  delete_quota: quota.remove,
  query_ttl_policies: ttl.query,
  set_ttl_policy: ttl.set,
  delete_ttl_policy: ttl.remove,
  query_priority_rules: priority.query,
  set_priority_rule: priority.set,
  delete_priority_rule: priority.remove,
};
