import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { loadSpec } from '../../../src/spec/load.js';
import { specPath } from '../../../src/spec/locate.js';
import type { IndexedSpec } from '../../../src/spec/types.js';

/**
 * The Meta Service spec with the three machine-readable marks check-har reads, as the document and
 * the observed facts give them, added where the spec does not have them yet (the spec's own marks
 * win once it has them):
 * - `x-accepted-methods`: the document itself sends bodies with POST (its curl example for
 *   set_instance_status; POST for get_tablet_stats, abort_txn, abort_tablet_job) and PUT (every
 *   syntax block), so every body-reading handler accepts both;
 * - `request.anyMethod: true` on the root `ms-method-ignored` entry: the server never checks the method;
 * - root `x-undocumented-handlers`: the handlers of `ms-undocumented-handlers`.
 */
export async function metaServiceSpec(): Promise<IndexedSpec> {
  const document = parseDocument(readFileSync(specPath('doris-meta-service'), 'utf8'));
  const paths = document.get('paths') as { items: Array<{ key: { value: string }; value: { items: Array<{ key: { value: string }; value: unknown }> } }> };
  let changed = false;
  for (const pathItem of paths.items) {
    if (!pathItem.key.value.startsWith('/MetaService/http/')) continue;
    for (const { key } of pathItem.value.items) {
      const other = key.value === 'put' ? 'post' : key.value === 'post' ? 'put' : undefined;
      if (!other || document.hasIn(['paths', pathItem.key.value, key.value, 'x-accepted-methods'])) continue;
      document.setIn(['paths', pathItem.key.value, key.value, 'x-accepted-methods'], document.createNode([other]));
      changed = true;
    }
  }
  const observed = document.get('x-observed') as { items: Array<{ get(key: string): unknown; has(key: string): boolean; set(key: string, value: unknown): void }> };
  const methodIgnored = observed.items.find((entry) => entry.get('id') === 'ms-method-ignored');
  if (methodIgnored && !methodIgnored.has('request')) {
    methodIgnored.set('request', document.createNode({ anyMethod: true }));
    changed = true;
  }
  if (!document.has('x-undocumented-handlers')) {
    document.set(
      'x-undocumented-handlers',
      document.createNode({
        paths: ['/MetaService/http/{name}', '/MetaService/http/v1/{name}'],
        handlers: [
          { name: 'get_value', summary: 'Reads the value stored under a key.' },
          { name: 'encode_key', summary: 'Encodes a key from its parts.' },
          { name: 'txn_lazy_commit', summary: 'Commits a transaction lazily; without txn_id it answers 400 `instance_id or txn_id is empty`.' },
          { name: 'show_config', summary: 'Shows the server configuration.' },
          { name: 'update_config', summary: 'Changes server configuration items; an unknown key answers 400 `config field=<key> not exists`.' },
        ],
      }),
    );
    changed = true;
  }
  if (!changed) return loadSpec('doris-meta-service');
  const file = join(mkdtempSync(join(tmpdir(), 'ms-spec-')), 'doris-meta-service.yaml');
  writeFileSync(file, document.toString());
  return loadSpec('doris-meta-service', file);
}
