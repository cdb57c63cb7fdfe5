// HEALTHCHECK of the contract-kit-sim image. The container may serve any subset of the four APIs
// on any ports (arguments go to `contract-kit mock`), so rather than restating the mock's argument
// parsing this asks the kernel which TCP ports the container listens on and requires every one of
// them to answer GET /__contract-kit/health with 200. No listening port yet means "starting".
import { readFileSync } from 'node:fs';
import { get } from 'node:http';

const LISTEN = '0A'; // the TCP state column of /proc/net/tcp{,6}

function listeningPorts() {
  const ports = new Set();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue; // no IPv6 in this container
    }
    for (const line of text.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state === LISTEN && local) ports.add(Number.parseInt(local.split(':').pop(), 16));
    }
  }
  return [...ports];
}

function healthy(port) {
  return new Promise((resolve) => {
    const request = get({ host: '127.0.0.1', port, path: '/__contract-kit/health', timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200 ? undefined : `port ${port}: HTTP ${response.statusCode}`);
    });
    request.on('timeout', () => request.destroy(new Error('no answer within 2 s')));
    request.on('error', (error) => resolve(`port ${port}: ${error.message}`));
  });
}

const ports = listeningPorts();
const problems = ports.length === 0 ? ['no port listening yet'] : (await Promise.all(ports.map(healthy))).filter(Boolean);
if (problems.length > 0) {
  console.log(`unhealthy: ${problems.join('; ')}`);
  process.exit(1);
}
console.log(`healthy: ports ${ports.sort((a, b) => a - b).join(', ')}`);
