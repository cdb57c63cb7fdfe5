import type { SimulatorSettingSpecs } from '../shared/types.js';
import type { ResolvedSettings } from '../shared/settings.js';

/**
 * The Meta Service configuration items (doris_cloud.conf) that change its HTTP answers, with the
 * real defaults. They shape the observed profile; the documented profile follows the document,
 * which knows no such settings (it always checks the cluster_name pattern and never protects FEs).
 */
export const META_SERVICE_SETTINGS = {
  enable_cluster_name_check: {
    description:
      'doris_cloud.conf `enable_cluster_name_check` (cloud/src/common/config.h, default false): add_cluster refuses a cluster_name not matching ^[a-zA-Z][a-zA-Z0-9_]*$ (x-observed ms-cluster-name-check).',
    type: 'boolean',
    default: false,
  },
  enable_check_fe_drop_in_safe_time: {
    description:
      'doris_cloud.conf `enable_check_fe_drop_in_safe_time` (checked in cloud/src/resource-manager/resource_manager.cpp): an FE node, and the SQL cluster holding it, cannot be dropped within 5 minutes of being added (x-observed ms-fe-safe-time). On by default: the regression suite\'s test_ms_api expects the refusal and other suites turn it off with enable_check_fe_drop_in_safe_time=false.',
    type: 'boolean',
    default: true,
  },
} as const satisfies SimulatorSettingSpecs;

export type MetaServiceSettings = ResolvedSettings<typeof META_SERVICE_SETTINGS>;

/** How long after its ctime an FE node is protected (resource_manager.cpp: 5 * 60 seconds, not configurable). */
export const FE_SAFE_DROP_SECONDS = 5 * 60;

/** The cluster_name pattern enable_cluster_name_check applies. */
export const CLUSTER_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]*$/;
