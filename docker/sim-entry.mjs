// Entry point of the `contract-kit-sim` image: `contract-kit mock` serving the four simulators in
// one container, each on its API's default port (Doris FE 8030, Meta Service 5000, Alluxio 19999,
// Klustron 35001), bound to every interface so that published ports reach them.
//
// Container conventions are mapped onto the CLI here, so the image behaves like any service image:
//   CONTRACT_KIT_PROFILE=documented|observed   the behaviour profile (default documented)
//   arguments after the image name             passed on to `contract-kit mock` after the defaults,
//                                              so they win (doris-fe, --profile observed, --seed 7)
// It runs as PID 1, which gets no default signal handling; `contract-kit mock` exits on SIGTERM
// itself, so `docker stop` does not wait out its grace period.
const profile = process.env.CONTRACT_KIT_PROFILE || 'documented';
const extraArgs = process.argv.slice(2);
// Said before anything can fail, so the container log always shows what the container was told.
console.log(`contract-kit-sim: CONTRACT_KIT_PROFILE=${profile}${extraArgs.length > 0 ? `, arguments ${extraArgs.join(' ')}` : ''}`);

const main = new URL('../dist/src/cli/main.js', import.meta.url);
// The docs site is left to `contract-kit mock` run from a checkout: the image serves the APIs.
process.argv = [process.argv[0], main.pathname, 'mock', '--host', '0.0.0.0', '--profile', profile, '--no-docs', ...extraArgs];
await import('../dist/src/cli/main.js');
