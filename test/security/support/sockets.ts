import { readFileSync } from 'node:fs';

/**
 * The local addresses listening on a TCP port, read from the kernel's socket table
 * (/proc/net/tcp, tcp6): what was actually bound, not what the server says it bound.
 * undefined where the table is not readable.
 */
export function listeningAddresses(port: number): string[] | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      if (table.endsWith('tcp')) return undefined;
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== '0A' /* LISTEN */) continue;
      const [address, portHex] = local.split(':') as [string, string];
      if (portHex === hexPort) found.push(decodeAddress(address));
    }
  }
  return found;
}

function decodeAddress(hex: string): string {
  if (hex.length === 8) {
    // IPv4, little-endian.
    return [6, 4, 2, 0].map((i) => parseInt(hex.slice(i, i + 2), 16)).join('.');
  }
  if (/^0{32}$/.test(hex)) return '::';
  if (hex === '00000000000000000000000001000000') return '::1';
  return hex;
}
