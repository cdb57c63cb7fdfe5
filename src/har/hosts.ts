/**
 * Which hosts of a capture are judged: `--only-host` and `--ignore-host` patterns, each a host
 * name (any port), `name:port`, or `*.suffix` for every subdomain.
 */
export interface HostFilter {
  /** When not empty, only these hosts are API traffic (judged even when no path of theirs is documented). */
  onlyHosts?: string[];
  /** These hosts are never judged. */
  ignoreHosts?: string[];
}

/** A pattern that names no host at all (empty, a URL, a path) is a usage error. */
export class HostPatternError extends Error {}

const PATTERN = /^(\*\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i;

export function checkHostPattern(pattern: string): void {
  if (!PATTERN.test(pattern)) {
    throw new HostPatternError(`'${pattern}' is not a host: give a host name or address, optionally with :port, or *.domain (e.g. ms.example:5000, *.cdn.example)`);
  }
}

/** Whether a request URL's host matches a pattern. */
export function hostMatches(pattern: string, url: URL): boolean {
  const wanted = pattern.toLowerCase();
  const hasPort = /:\d+$/.test(wanted) && !wanted.endsWith(']');
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const host = hasPort ? `${url.hostname}:${port}` : url.hostname;
  if (wanted.startsWith('*.')) return host.endsWith(wanted.slice(1));
  return host === wanted;
}

/** Why a host's traffic is left out by the filter, or undefined when it may be judged. */
export function filteredOut(filter: HostFilter, url: URL): string | undefined {
  if (filter.ignoreHosts?.some((p) => hostMatches(p, url))) return `host ${url.host} is ignored (--ignore-host)`;
  if (filter.onlyHosts?.length && !filter.onlyHosts.some((p) => hostMatches(p, url))) return `host ${url.host} is not among --only-host`;
  return undefined;
}

/** Whether the filter names the host as API traffic. */
export function forcedApiHost(filter: HostFilter, url: URL): boolean {
  return filter.onlyHosts?.some((p) => hostMatches(p, url)) ?? false;
}
