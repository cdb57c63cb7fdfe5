import { hostname as machineName } from 'node:os';
import { isLoopbackHost } from './ports.js';

/**
 * Who may talk to a mock bound to loopback. A web page in the developer's browser is another
 * origin: without these rules any site could reset the mocks or read stored ak/sk through them,
 * and DNS rebinding (a hostile name resolving to 127.0.0.1) gets past the browser's same-origin
 * rule. Loopback origins (the docs' try-it, a local web console) keep working.
 */

/** `http(s)://<loopback>[:port]`: a page served from this machine. */
export function isLoopbackOrigin(origin: string | undefined): boolean {
  if (origin === undefined) return false;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackName(url.hostname);
  } catch {
    return false;
  }
}

/** Loopback literals, `localhost` and its subdomains (RFC 6761 keeps them on this machine). */
function isLoopbackName(hostname: string): boolean {
  return isLoopbackHost(hostname) || hostname.endsWith('.localhost');
}

/**
 * Whether a request's `Host` may reach a server bound to `boundHost`, as a function made once per
 * server. A server the user exposed (`--host 0.0.0.0`, a LAN address) accepts any name; a loopback
 * one only loopback names or the host it was given or this machine's own name (which /etc/hosts
 * maps to loopback and no page can rebind), which is what defeats DNS rebinding. A request without
 * Host (HTTP/1.0) names no host and passes. Every request asks, with one of a few Host values, so each is judged once
 * (bounded, so a stream of distinct hostile names cannot grow it).
 */
export function hostPolicyFor(boundHost: string): (hostHeader: string | undefined) => boolean {
  if (!isLoopbackHost(boundHost)) return () => true;
  const verdicts = new Map<string, boolean>();
  return (hostHeader) => {
    if (hostHeader === undefined) return true;
    let verdict = verdicts.get(hostHeader);
    if (verdict === undefined) {
      verdict = judgeHost(hostHeader, boundHost);
      if (verdicts.size >= 1_000) verdicts.clear();
      verdicts.set(hostHeader, verdict);
    }
    return verdict;
  };
}

function judgeHost(hostHeader: string, boundHost: string): boolean {
  const hostname = hostnameOf(hostHeader);
  if (hostname === undefined) return false;
  return isLoopbackName(hostname) || hostname === boundHost.replace(/^\[|\]$/g, '') || hostname.toLowerCase() === machineName().toLowerCase();
}

function hostnameOf(hostHeader: string): string | undefined {
  try {
    return new URL(`http://${hostHeader}`).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return undefined;
  }
}
