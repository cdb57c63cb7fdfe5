/**
 * Model-based test of the Alluxio mount table: after any sequence of mounts and unmounts, a path
 * is in the mount table iff it was mounted and not unmounted since. Mounting a mounted path
 * answers 409; unmounting a path that is not mounted answers 410 (both documented).
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { dispatchedSimulator, withJsonBody, type DispatchedSimulator } from './support/dispatch-json.js';
import { runSettings, SEED } from './support/settings.js';

// Sibling paths only: a mount inside another mount point is a different rule (nested mounts).
const PATHS = ['/m0', '/m1', '/m2', '/m3'];

interface MountModel {
  mounted: Set<string>;
}

/** The Alluxio paths in the mount table (as the documents show them, with a trailing `/`). */
function mountTable(sim: DispatchedSimulator): string[] {
  const answer = sim.send(sim.documented('query_mount_points'));
  expect(answer.status).toBe(200);
  const results = answer.json.results as Array<{ path: string }>;
  return results.map((r) => r.path.replace(/\/$/, '')).sort();
}

function expectInvariant(model: MountModel, sim: DispatchedSimulator): void {
  expect(mountTable(sim), `seed ${SEED}`).toEqual([...model.mounted].sort());
}

class Mount implements fc.Command<MountModel, DispatchedSimulator> {
  constructor(readonly path: string) {}
  check(): boolean {
    return true;
  }
  run(model: MountModel, sim: DispatchedSimulator): void {
    const documented = sim.documented('create_mount_point');
    const body = JSON.parse(documented.body!) as Record<string, unknown>;
    const answer = sim.send(withJsonBody(documented, { ...body, path: this.path, ufs: `s3://bucket${this.path.replace('/', '-')}` }));
    if (model.mounted.has(this.path)) {
      expect(answer.status, JSON.stringify(answer.json)).toBe(409);
    } else {
      expect(answer.status, JSON.stringify(answer.json)).toBe(200);
      model.mounted.add(this.path);
    }
    expectInvariant(model, sim);
  }
  toString(): string {
    return `mount(${this.path})`;
  }
}

class Unmount implements fc.Command<MountModel, DispatchedSimulator> {
  constructor(readonly path: string) {}
  check(): boolean {
    return true;
  }
  run(model: MountModel, sim: DispatchedSimulator): void {
    const answer = sim.send(withJsonBody(sim.documented('delete_mount_point'), { path: this.path }));
    if (model.mounted.has(this.path)) {
      expect(answer.status, JSON.stringify(answer.json)).toBe(200);
      model.mounted.delete(this.path);
    } else {
      expect(answer.status, JSON.stringify(answer.json)).toBe(410);
    }
    expectInvariant(model, sim);
  }
  toString(): string {
    return `unmount(${this.path})`;
  }
}

test('a path is in the mount table iff it was mounted and not unmounted', async () => {
  const sim = await dispatchedSimulator('alluxio-coordinator');
  const path = fc.constantFrom(...PATHS);
  const commands = [path.map((p) => new Mount(p)), path.map((p) => new Unmount(p))];
  fc.assert(
    fc.property(fc.commands(commands, { maxCommands: 40 }), (sequence) => {
      sim.simulator.reset();
      // The fresh simulator has the documented mount points; the model starts from what is there.
      const initial = new Set(mountTable(sim));
      for (const p of PATHS) expect(initial.has(p)).toBe(false);
      fc.modelRun(() => ({ model: { mounted: initial }, real: sim }), sequence);
    }),
    runSettings(60),
  );
});
