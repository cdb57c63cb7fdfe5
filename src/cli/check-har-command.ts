import type { Command } from 'commander';
import { API_IDS, type ApiId } from '../../mocks/shared/types.js';
import { checkHar, harConsoleReport, HarFormatError, readHarFile } from '../har/index.js';
import { isApiId } from '../spec/load.js';
import { writeFileAtomic } from '../verify/report/write-atomic.js';

export function registerCheckHarCommand(program: Command): void {
  program
    .command('check-har')
    .description(
      'Check every exchange captured in a HAR file (browser devtools, mitmproxy, a proxy) against the specs: finds the operation and variant ' +
        'by method, path, query and body, applies the contract checks to the captured response. Exit 0 when every entry passes or is a known deviation, ' +
        '1 when one fails or matches no documented operation, 2 on usage errors.',
    )
    .argument('<file>', 'the HAR file')
    .option('--api <api>', `match against this API only (${API_IDS.join(', ')})`)
    .option('--json <file>', 'write the JSON report ({ summary, entries: [...] } in HAR order)')
    .option('--verbose', 'keep passing checks in the JSON report')
    .action(async (file: string, flags: { api?: string; json?: string; verbose?: boolean }, command: Command) => {
      if (flags.api !== undefined && !isApiId(flags.api)) command.error(`unknown api '${flags.api}'; expected one of ${API_IDS.join(', ')}`, { exitCode: 2 });
      let har;
      try {
        har = readHarFile(file);
      } catch (error) {
        if (error instanceof HarFormatError) command.error(error.message, { exitCode: 2 });
        throw error;
      }
      const report = await checkHar(har, { api: flags.api as ApiId | undefined, verbose: flags.verbose });
      console.log(harConsoleReport(report));
      if (flags.json) writeFileAtomic(flags.json, `${JSON.stringify(report, null, 2)}\n`);
      process.exitCode = report.summary.fail > 0 || report.summary.unmatched > 0 ? 1 : 0;
    });
}
