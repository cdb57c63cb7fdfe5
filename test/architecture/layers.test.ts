import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { layerViolations } from './import-graph.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('layer rules (README "Architecture")', () => {
  test('no import in src/, mocks/ or contracts/ goes against a layer rule', () => {
    const violations = layerViolations(ROOT, ['src', 'mocks', 'contracts']);
    expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
  });

  describe('a planted violation is caught', () => {
    const root = mkdtempSync(join(tmpdir(), 'ck-layers-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));
    const plant = (file: string, text: string) => {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), text);
    };
    plant('mocks/doris-fe/index.ts', "import { startMockServer } from '../../src/serve/http.js';\nimport type { Simulator } from '../shared/types.js';\n");
    plant('mocks/shared/types.ts', 'export interface Simulator {}\n');
    plant('src/serve/http.ts', "import { runVerify } from '../verify/run.js';\nimport { x } from 'node:http';\n");
    plant('src/verify/run.ts', "import { SCENARIOS } from '../../contracts/scenarios.js';\n");
    plant('contracts/scenarios.ts', 'export const SCENARIOS = [];\n');
    plant('src/verify/cases/index.ts', "import { SCENARIOS } from '../../scenarios/index.js';\n");
    plant('src/scenarios/index.ts', "import { verify } from '../api/verify.js';\nimport type { Scenario } from '../verify/scenario/define.js';\n");
    plant('src/api/verify.ts', "import { SCENARIOS } from '../scenarios/index.js';\n");
    plant('src/verify/scenario/define.ts', 'export interface Scenario {}\n');

    test.each([
      ['mocks/doris-fe/index.ts', 'src/serve/http.ts'],
      ['src/serve/http.ts', 'src/verify/run.ts'],
      ['src/verify/run.ts', 'contracts/scenarios.ts'],
      ['src/verify/cases/index.ts', 'src/scenarios/index.ts'],
      ['src/scenarios/index.ts', 'src/api/verify.ts'],
    ])('%s importing %s', (file, imported) => {
      const found = layerViolations(root, ['src', 'mocks', 'contracts']);
      expect(found.some((v) => v.file === file && v.imports === imported)).toBe(true);
    });

    test('allowed imports are not reported', () => {
      const found = layerViolations(root, ['src', 'mocks', 'contracts']);
      expect(found.filter((v) => v.imports === 'mocks/shared/types.ts')).toEqual([]);
      expect(found.filter((v) => v.imports === 'src/scenarios/index.ts' && v.file === 'src/api/verify.ts')).toEqual([]);
      expect(found.filter((v) => v.imports === 'src/verify/scenario/define.ts')).toEqual([]);
    });
  });
});
