import { StateDocumentError } from '../shared/types.js';
import { FEATURES, type Feature } from './features.js';
import type { RunOutcome } from './jobs/lifecycle.js';
import { MAX_MOUNT_POINTS, type MountPoint } from './mounts.js';
import { documentedNodes, type WorkerNode } from './nodes.js';
import { MAX_RULES, type PathRules } from './path-rules.js';
import { freshState, MAX_INDEXED_FILES, type Priority, type Settings, type State } from './state.js';

/**
 * The coordinator simulator's state as data (schema `specs/state/alluxio-coordinator.schema.json`):
 * mount table, path rules, workers, the global file index, feature switches and the scenario
 * switches. Jobs are work in flight, not state: importing a document keeps them.
 */
export interface AlluxioStateDocument {
  mounts?: Array<{ path: string; ufs: string; options?: Record<string, string> }>;
  quotas?: Array<{ path: string; quotaBytes: number }>;
  ttls?: Array<{ path: string; ttlSeconds: number }>;
  priorities?: Array<{ path: string; priority: Priority }>;
  nodes?: WorkerNode[];
  fileIndex?: string[];
  features?: Partial<Record<Feature, boolean>>;
  failures?: {
    /** How job runs started from now on end: scenarios `jobs-fail` (fail), `job-stuck-running` (stall). */
    jobRuns?: RunOutcome;
    cacheErrors?: boolean;
    internalErrors?: boolean;
  };
}

export function exportAlluxioState(state: State): Required<AlluxioStateDocument> {
  return {
    mounts: state.mounts.list().map((point: MountPoint) => ({ path: point.path, ufs: point.ufs, options: { ...point.options } })),
    quotas: state.quotas.list().map(({ path, value }) => ({ path, quotaBytes: value })),
    ttls: state.ttls.list().map(({ path, value }) => ({ path, ttlSeconds: value })),
    priorities: state.priorities.list().map(({ path, value }) => ({ path, priority: value })),
    nodes: state.nodes.map((node) => ({ ...node })),
    fileIndex: [...state.fileIndex],
    features: { ...state.features },
    failures: { jobRuns: state.runOutcome, cacheErrors: state.cacheErrors, internalErrors: state.internalErrors },
  };
}

/** A new state (with `jobs` kept) from a document that passed the schema; StateDocumentError on conflicting mounts or rules. */
export function importAlluxioState(document: AlluxioStateDocument, settings: Settings, jobs: State['jobs']): State {
  const state = freshState(settings);
  state.jobs = jobs;
  (document.mounts ?? []).forEach((point, i) => {
    const conflict = state.mounts.mount(point.path, point.ufs, point.options ?? {});
    if (conflict?.kind === 'table-full') throw new StateDocumentError('/mounts', `more than ${MAX_MOUNT_POINTS} mount points`);
    if (conflict?.kind === 'state-full') throw new StateDocumentError(`/mounts/${i}`, conflict.message);
    if (conflict) throw new StateDocumentError(`/mounts/${i}`, `${point.path} -> ${point.ufs} conflicts with the mount point ${conflict.existing.path} -> ${conflict.existing.ufs}`);
  });
  loadRules('quotas', document.quotas, state.quotas, (rule) => rule.quotaBytes);
  loadRules('ttls', document.ttls, state.ttls, (rule) => rule.ttlSeconds);
  loadRules('priorities', document.priorities, state.priorities, (rule) => rule.priority);
  if (document.nodes) state.nodes = document.nodes.map(({ identity, address, status }) => ({ identity, address, status }));
  if ((document.fileIndex?.length ?? 0) > MAX_INDEXED_FILES) throw new StateDocumentError('/fileIndex', `more than ${MAX_INDEXED_FILES} files`);
  state.fileIndex = new Set(document.fileIndex ?? []);
  for (const feature of FEATURES) state.features[feature] = document.features?.[feature] ?? settings.features[feature];
  state.runOutcome = document.failures?.jobRuns ?? 'succeed';
  state.cacheErrors = document.failures?.cacheErrors ?? false;
  state.internalErrors = document.failures?.internalErrors ?? false;
  return state;
}

function loadRules<Rule extends { path: string }, Value>(name: string, rules: Rule[] | undefined, table: PathRules<Value>, valueOf: (rule: Rule) => Value): void {
  (rules ?? []).forEach((rule, i) => {
    if (table.get(rule.path) !== undefined) throw new StateDocumentError(`/${name}/${i}/path`, `a rule for ${rule.path} is listed twice`);
    if (!table.set(rule.path, valueOf(rule))) throw new StateDocumentError(`/${name}`, `more than ${MAX_RULES} rules`);
  });
}

/**
 * Everything the document's examples name: /data/ mounted from s3://my-bucket/ (so the load and
 * free samples of s3://my-bucket/dir/to/path find their UFS) and /data/dir/to/path/ (the mount
 * point the get sample reads), the quota, TTL and priority rules of
 * /data/dir/to/path, the file index entries and the two workers.
 */
export function alluxioExamplesState(): Required<AlluxioStateDocument> {
  return {
    mounts: [
      { path: '/data/', ufs: 's3://my-bucket/', options: {} },
      // The mount point the get sample asks for.
      { path: '/data/dir/to/path/', ufs: 's3://my-bucket/dir/to/path/', options: {} },
    ],
    quotas: [{ path: '/data/dir/to/path', quotaBytes: 10_737_418_240 }],
    ttls: [{ path: '/data/dir/to/path', ttlSeconds: 600 }],
    priorities: [{ path: '/data/dir/to/path', priority: 'high' }],
    nodes: documentedNodes(),
    fileIndex: ['s3://foo/bar/f1', 's3://foo/bar/f2'],
    features: Object.fromEntries(FEATURES.map((feature) => [feature, true])),
    failures: { jobRuns: 'succeed', cacheErrors: false, internalErrors: false },
  };
}
