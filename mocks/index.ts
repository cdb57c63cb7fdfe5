import { alluxioExamplesState, createAlluxioSimulator, type AlluxioScenarioName, type AlluxioSimulator, type AlluxioStateDocument } from './alluxio-coordinator/index.js';
import { createDorisFeSimulator, feExamplesState, type DorisFeScenarioName, type DorisFeSimulator, type DorisFeStateDocument } from './doris-fe/index.js';
import {
  createMetaServiceSimulator,
  msExamplesState,
  type MetaServiceScenarioName,
  type MetaServiceSimulator,
  type MetaServiceStateDocument,
} from './doris-meta-service/index.js';
import {
  createKlustronSimulator,
  klustronExamplesState,
  type KlustronScenarioName,
  type KlustronSimulator,
  type KlustronStateDocument,
} from './klustron-cluster-manager/index.js';
import { resolveSettings } from './shared/settings.js';
import type { ApiId, SimulatorOptions } from './shared/types.js';

export type { ApiId, Simulator, SimulatorOptions } from './shared/types.js';
export { API_DESCRIPTORS, descriptorOf, type ApiDescriptor, type DocumentedCredentials, type EnvelopeRule } from './descriptors.js';

/** Each API's simulator type, state document and scenario names, for typed in-process use. */
export interface SimulatorsByApi {
  'doris-fe': DorisFeSimulator;
  'doris-meta-service': MetaServiceSimulator;
  'alluxio-coordinator': AlluxioSimulator;
  'klustron-cluster-manager': KlustronSimulator;
}
export interface StateDocumentsByApi {
  'doris-fe': DorisFeStateDocument;
  'doris-meta-service': MetaServiceStateDocument;
  'alluxio-coordinator': AlluxioStateDocument;
  'klustron-cluster-manager': KlustronStateDocument;
}
export interface ScenarioNamesByApi {
  'doris-fe': DorisFeScenarioName;
  'doris-meta-service': MetaServiceScenarioName;
  'alluxio-coordinator': AlluxioScenarioName;
  'klustron-cluster-manager': KlustronScenarioName;
}

const FACTORIES: { readonly [Api in ApiId]: (options?: SimulatorOptions) => SimulatorsByApi[Api] } = {
  'doris-fe': createDorisFeSimulator,
  'doris-meta-service': createMetaServiceSimulator,
  'alluxio-coordinator': createAlluxioSimulator,
  'klustron-cluster-manager': createKlustronSimulator,
};

const EXAMPLES: { readonly [Api in ApiId]: () => StateDocumentsByApi[Api] } = {
  'doris-fe': feExamplesState,
  'doris-meta-service': msExamplesState,
  'alluxio-coordinator': alluxioExamplesState,
  'klustron-cluster-manager': klustronExamplesState,
};

/** A fresh simulator of the given API, in the given profile (default `documented`), on the given clock. */
export function createSimulator<Api extends ApiId>(api: Api, options?: SimulatorOptions): SimulatorsByApi[Api] {
  const simulator = FACTORIES[api](options);
  // Every setting given must be one the simulator models, whether or not its factory reads settings.
  resolveSettings(api, simulator.settingSpecs ?? {}, options?.settings);
  return simulator;
}

/**
 * The state document holding every entity the API's documents' examples refer to (Meta Service
 * regression_instance0 and its clusters, the Klustron machines and cluster 1, the Alluxio mount of
 * /data/, ...), so that the examples work as written (`mock --seed examples`).
 */
export function examplesState<Api extends ApiId>(api: Api): StateDocumentsByApi[Api] {
  return EXAMPLES[api]();
}
