// Entry point of the `contract-kit-sim` image: the four simulators in one container, each on its
// API's default port (Doris FE 8030, Meta Service 5000, Alluxio 19999, Klustron 35001).
//
// Container conventions are mapped onto the CLI here, so the image behaves like any service image:
//   CONTRACT_KIT_PROFILE=documented|observed   the behaviour profile (default documented)
//   arguments after the image name             passed on to `contract-kit mock`
// It runs as PID 1, which gets no default signal handling: the servers must exit on SIGTERM
// themselves (`contract-kit mock` does), or `docker stop` waits its whole grace period.
import { readFileSync } from 'node:fs';

const profile = process.env.CONTRACT_KIT_PROFILE || 'documented';
const extraArgs = process.argv.slice(2);
const main = new URL('../dist/src/cli/main.js', import.meta.url);
// Said before anything can fail, so the container log always shows what the container was told.
console.log(`contract-kit-sim: profile ${profile}${extraArgs.length > 0 ? `, arguments ${extraArgs.join(' ')}` : ''}`);

// Interim: until src/cli/main.ts registers `mock`, the adapter is called directly.
if (readFileSync(main, 'utf8').includes('registerMockCommand')) {
  // The image serves the four APIs; the docs site is left to `contract-kit mock` run from a checkout.
  process.argv = [process.argv[0], main.pathname, 'mock', '--host', '0.0.0.0', '--profile', profile, '--no-docs', ...extraArgs];
  await import('../dist/src/cli/main.js');
} else {
  await serveWithAdapter(profile);
}

/**
 * Until `contract-kit mock` is wired into the CLI: the same four servers through the serve
 * adapter directly. Remove once src/cli/main.ts registers the mock command.
 */
async function serveWithAdapter(profileName) {
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => {
      console.log(`contract-kit-sim: ${signal}, exiting`);
      process.exit(0);
    });
  }
  const { startMockServer } = await import('../dist/src/serve/http.js');
  const defaultPorts = {
    'doris-fe': 8030,
    'doris-meta-service': 5000,
    'alluxio-coordinator': 19999,
    'klustron-cluster-manager': 35001,
  };
  for (const [api, port] of Object.entries(defaultPorts)) {
    try {
      const server = await startMockServer({ api, profile: profileName, host: '0.0.0.0', port });
      console.log(`contract-kit-sim: ${api} (${profileName}) listening on ${server.url}`);
    } catch (error) {
      console.error(`contract-kit-sim: ${api} not served: ${error.message}`);
    }
  }
}
