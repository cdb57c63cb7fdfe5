import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { layerViolations } from './import-graph.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('layer rules (README "Architecture")', () => {
  /**
   * The one import still against the rules, kept visible rather than allowed: case generation reads
   * the hand-written scenarios from contracts/ instead of being handed them by the entry points.
   * Removing it is the next architecture step; a new violation anywhere fails this test.
   */
  const KNOWN_VIOLATIONS = new Set(['src/verify/cases/index.ts imports contracts/scenarios.ts']);

  test('no import in src/, mocks/ or contracts/ goes against a layer rule (but the one known, listed above)', () => {
    const violations = layerViolations(ROOT, ['src', 'mocks', 'contracts']);
    const found = [...new Set(violations.map((v) => `${v.file} imports ${v.imports}`))];
    expect(found.filter((v) => !KNOWN_VIOLATIONS.has(v)), JSON.stringify(violations, null, 1)).toEqual([]);
    // Once fixed, the exception goes too.
    expect(found.filter((v) => KNOWN_VIOLATIONS.has(v))).toEqual([...KNOWN_VIOLATIONS]);
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

    test.each([
      ['mocks/doris-fe/index.ts', 'src/serve/http.ts'],
      ['src/serve/http.ts', 'src/verify/run.ts'],
      ['src/verify/run.ts', 'contracts/scenarios.ts'],
    ])('%s importing %s', (file, imported) => {
      const found = layerViolations(root, ['src', 'mocks', 'contracts']);
      expect(found.some((v) => v.file === file && v.imports === imported)).toBe(true);
    });

    test('allowed imports are not reported', () => {
      const found = layerViolations(root, ['src', 'mocks', 'contracts']);
      expect(found.filter((v) => v.imports === 'mocks/shared/types.ts')).toEqual([]);
    });
  });
});
