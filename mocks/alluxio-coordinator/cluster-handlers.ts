import type { SimRequest, SimResponse } from '../shared/types.js';
import { whenDisabled } from './features.js';
import { onlineNodes } from './nodes.js';
import { asBody, text, texts } from './request-body.js';
import { json, MESSAGES, ok, requiredParametersMissing, statusAnswer } from './respond.js';
import { MAX_INDEXED_FILES, type Handler, type SimContext } from './state.js';

const CLEAR_STALE = 'clear-stale';

function queryNodes(req: SimRequest, ctx: SimContext): SimResponse {
  const { nodes } = ctx.state;
  // `result`, singular, as documented (x-doc-quirks ax-nodes-result-key).
  if (req.variant === 'list') return json(200, { result: nodes.map((node) => ({ ...node })) });
  const node = nodes.find((candidate) => candidate.identity === req.query.id);
  return node ? json(200, { ...node }) : statusAnswer(404, `worker not found: ${req.query.id ?? ''}`);
}

function unregisterNode(req: SimRequest, ctx: SimContext): SimResponse {
  const { nodes } = ctx.state;
  const at = nodes.findIndex((node) => node.identity === req.query.id);
  if (at < 0) return statusAnswer(404, `worker not found: ${req.query.id ?? ''}`);
  nodes.splice(at, 1);
  return ok();
}

/**
 * Clear-stale commands are broadcast to the online workers (offline ones are not on the hash ring);
 * `errors` maps each worker the command did not reach, by address, to why.
 */
function clearStaleCache(action: 'start' | 'stop', req: SimRequest, ctx: SimContext): SimResponse {
  const op = text(asBody(req.body), 'op');
  if (op === undefined) return requiredParametersMissing();
  if (op !== CLEAR_STALE) return statusAnswer(501, MESSAGES.opNotImplemented);
  const disabled = whenDisabled(ctx.state.features, 'clear-stale-cache');
  if (disabled) return disabled;
  const failure =
    action === 'start'
      ? 'failed to submit the clear-stale command: connection refused'
      : 'failed to notify the worker to stop clearing stale cache: connection refused';
  const failed = ctx.state.cacheErrors ? onlineNodes(ctx.state.nodes) : [];
  return json(200, { errors: Object.fromEntries(failed.map((node) => [node.address, failure])) });
}

/** With the index disabled the list is empty (x-doc-quirks ax-file-index-list-disabled). */
function listFileIndex(_req: SimRequest, ctx: SimContext): SimResponse {
  const files = ctx.state.features['file-index'] ? [...ctx.state.fileIndex] : [];
  return json(200, { results: files });
}

/** `entries` counts the files actually added or removed (x-doc-quirks ax-file-index-entries-count). */
function changeFileIndex(action: 'add' | 'remove', req: SimRequest, ctx: SimContext): SimResponse {
  const disabled = whenDisabled(ctx.state.features, 'file-index');
  if (disabled) return disabled;
  const files = texts(asBody(req.body), 'files');
  if (files === undefined) return requiredParametersMissing();
  const index = ctx.state.fileIndex;
  let entries = 0;
  for (const file of new Set(files)) {
    if (action === 'remove') {
      if (index.delete(file)) {
        ctx.state.budget.release(`file:${file}`);
        entries += 1;
      }
    } else if (!index.has(file)) {
      if (index.size >= MAX_INDEXED_FILES) return statusAnswer(500, `The global file index is full (${MAX_INDEXED_FILES} files)`);
      if (!ctx.state.budget.charge(`file:${file}`, file.length + 16)) return statusAnswer(500, ctx.state.budget.refusal(file.length));
      index.add(file);
      entries += 1;
    }
  }
  return json(200, { entries });
}

export const CLUSTER_HANDLERS: Record<string, Handler> = {
  query_nodes: queryNodes,
  unregister_node: unregisterNode,
  start_clear_stale_cache: (req, ctx) => clearStaleCache('start', req, ctx),
  stop_clear_stale_cache: (req, ctx) => clearStaleCache('stop', req, ctx),
  list_file_index: listFileIndex,
  add_to_file_index: (req, ctx) => changeFileIndex('add', req, ctx),
  remove_from_file_index: (req, ctx) => changeFileIndex('remove', req, ctx),
};
