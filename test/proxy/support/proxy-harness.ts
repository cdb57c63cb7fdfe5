import { startProxy, type ProxyOptions, type RunningProxy } from '../../../src/proxy/server.js';
import { ProxySession, type ExchangeReport, type SessionOptions } from '../../../src/proxy/session.js';

export interface ProxyHarness {
  proxy: RunningProxy;
  session: ProxySession;
  lines: string[];
  /** Reports in the order they were judged. */
  reports: ExchangeReport[];
  /** Resolves once `count` exchanges in all have been judged. */
  judged(count: number): Promise<ExchangeReport[]>;
  close(): Promise<void>;
}

/** A proxy on 127.0.0.1 port 0 in front of `target`, with a session that keeps every line and report. */
export async function startProxyHarness(
  options: Omit<ProxyOptions, 'onExchange' | 'port' | 'host'>,
  session: Omit<SessionOptions, 'print' | 'onReport'> = {},
): Promise<ProxyHarness> {
  const lines: string[] = [];
  const reports: ExchangeReport[] = [];
  const waiters: Array<() => void> = [];
  const proxySession = new ProxySession({
    ...session,
    print: (line) => lines.push(line),
    onReport: (report) => {
      reports.push(report);
      for (const wake of waiters.splice(0)) wake();
    },
  });
  const proxy = await startProxy({ ...options, host: '127.0.0.1', port: 0, onExchange: (exchange) => proxySession.add(exchange) });
  let closed = false;
  return {
    proxy,
    session: proxySession,
    lines,
    reports,
    judged: async (count) => {
      const deadline = Date.now() + 10_000;
      while (reports.length < count) {
        if (Date.now() > deadline) throw new Error(`only ${reports.length} of ${count} exchanges judged: ${lines.join('\n')}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return reports.slice(0, count);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await proxy.close();
      await proxySession.close();
    },
  };
}
