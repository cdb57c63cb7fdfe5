/** `contract-kit docs` as users run it (the built CLI): bind failures worded like `mock`, usage errors exit 2. */
import { createServer, type Server } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { killCliRuns, runCli, waitForOutput } from '../support/cli.js';

afterEach(killCliRuns);

test('a port in use fails with the port, the server and the flag that changes it, exit 1, no stack trace', async () => {
  const holder: Server = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const { port } = holder.address() as { port: number };
  try {
    const run = runCli(['docs', '--port', String(port)]);
    expect(await run.exit).toBe(1);
    expect(run.stderr()).toContain(`contract-kit docs: port ${port} on 127.0.0.1 is already in use (docs server)`);
    expect(run.stderr()).toContain('--port docs=<port>');
    expect(run.stderr()).not.toMatch(/^\s+at /m);
    expect(run.stderr()).not.toContain('EADDRINUSE');
  } finally {
    holder.close();
  }
});

test('--port docs=<port> (the form the hint names) serves the docs; SIGINT exits 0', async () => {
  const run = runCli(['docs', '--port', 'docs=0']);
  await waitForOutput(run, /docs: http:\/\/127\.0\.0\.1:\d+\//);
  const url = /docs: (http:\/\/\S+)/.exec(run.stdout())![1]!;
  expect((await fetch(url)).status).toBe(200);
  run.child.kill('SIGINT');
  expect(await run.exit).toBe(0);
});

test.each([['--port', 'abc'], ['--port', 'docs=70000'], ['--mock', 'doris-be=http://127.0.0.1:1']])('docs %s %s is a usage error, exit 2', async (...args) => {
  const run = runCli(['docs', ...args]);
  expect(await run.exit).toBe(2);
});
