import { InvalidArgumentError, Option, type Command } from 'commander';
import { API_IDS, type ApiId } from '../../mocks/shared/types.js';
import { DEFAULT_DOCS_HOST, DEFAULT_DOCS_PORT, exportDocsSite, startDocsServer } from '../docs/index.js';
import { bindError } from '../serve/ports.js';
import { isApiId } from '../spec/load.js';

interface DocsCommandOptions {
  port: number;
  host: string;
  out?: string;
  mock: Partial<Record<ApiId, string>>;
}

/** `4001`, or `docs=4001` as `mock --port` takes it (so the bind-failure hint works for both commands). */
function parsePort(value: string): number {
  const port = Number(value.replace(/^docs=/, ''));
  if (value.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('must be an integer from 0 to 65535 (or docs=<port>).');
  return port;
}

/** `--mock doris-fe=http://127.0.0.1:18030`, repeatable: one entry per API. */
function collectMockUrl(value: string, previous: Partial<Record<ApiId, string>>): Partial<Record<ApiId, string>> {
  const separator = value.indexOf('=');
  const api = value.slice(0, separator);
  const url = value.slice(separator + 1);
  if (separator < 0 || !isApiId(api)) throw new InvalidArgumentError(`expected <api>=<url> with <api> one of ${API_IDS.join(', ')}.`);
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) throw new InvalidArgumentError(`'${url}' is not an http(s) URL.`);
  return { ...previous, [api]: url };
}

export function registerDocsCommand(program: Command): void {
  program
    .command('docs')
    .description(
      'Serve the API docs rendered from specs/*.yaml (an index of the four APIs, one page per API with variants, ' +
        'document quirks and observed deviations, and try-it against the local mocks), or export them with --out.',
    )
    .option('--port <port>', 'port to serve on, also written docs=<port> (0 picks a free one)', parsePort, DEFAULT_DOCS_PORT)
    .option('--host <host>', 'address to bind', DEFAULT_DOCS_HOST)
    .option('--out <dir>', 'write the site as static files to <dir> instead of serving it')
    .addOption(
      new Option('--mock <api=url>', "where an API's mock listens, so try-it reaches it (repeatable)")
        .argParser(collectMockUrl)
        .default({}, "the spec's first server, the mock's default port"),
    )
    .action(async (options: DocsCommandOptions) => {
      if (options.out) {
        try {
          const written = await exportDocsSite(options.out, { mockUrls: options.mock });
          console.log(`docs: wrote ${written.length} files to ${options.out} (open index.html, or serve the folder with any static file server)`);
        } catch (error) {
          process.stderr.write(`contract-kit docs: cannot write the site to ${options.out}: ${(error as Error).message}; choose another --out directory\n`);
          process.exitCode = 1;
        }
        return;
      }
      let server: Awaited<ReturnType<typeof startDocsServer>>;
      try {
        server = await startDocsServer({ port: options.port, host: options.host, mockUrls: options.mock });
      } catch (error) {
        // Worded as `contract-kit mock` words it, with the same exit code.
        process.stderr.write(`contract-kit docs: ${bindError(error as NodeJS.ErrnoException, 'docs', options.host, options.port).message}\n`);
        process.exitCode = 1;
        return;
      }
      console.log(`docs: ${server.url}`);
      const stop = () => {
        server.close().finally(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
