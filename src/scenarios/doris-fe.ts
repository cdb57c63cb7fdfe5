import { defineScenario, type StepResponse } from '../verify/scenario/define.js';

interface BackendRow {
  ip: string;
  http_port: number;
  is_alive: boolean;
}

const rows = (response: StepResponse): BackendRow[] => (response.body as { data?: { backends?: BackendRow[] } } | undefined)?.data?.backends ?? [];

/**
 * The filter a connector relies on: `is_alive=true` answers exactly the live backends of the full
 * list (read-only, so it runs against real FEs too).
 */
const aliveFilter = defineScenario({
  api: 'doris-fe',
  name: 'alive-filter',
  title: 'is_alive=true lists exactly the live backends of the full list',
  operationId: 'get_backends',
  operations: ['get_backends'],
  steps: async (client) => {
    const all = await client.call('get_backends', { label: 'get_backends (all)' });
    const alive = await client.call('get_backends', { query: { is_alive: true }, label: 'get_backends is_alive=true' });
    if (!client.expectAvailable(all, 'the full list') || !client.expectAvailable(alive, 'the live list')) client.abort('get_backends failed');
    const key = (row: BackendRow) => `${row.ip}:${row.http_port}`;
    const expected = rows(all).filter((row) => row.is_alive).map(key).sort();
    const actual = rows(alive).map(key).sort();
    client.check('ensure_resource_availability', JSON.stringify(expected) === JSON.stringify(actual), {
      message: 'is_alive=true does not answer exactly the live backends of the full list',
      pointer: '/data/backends',
      expected,
      actual,
    });
  },
});

export const scenarios = [aliveFilter];
