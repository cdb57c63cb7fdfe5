import { resolve } from 'node:path';
import type { Command } from 'commander';
import { API_IDS, type ApiId } from '../../mocks/shared/types.js';
import { checkHar, checkHostPattern, harConsoleReport, harJunitReport, HarFormatError, HostPatternError, readHarFile } from '../har/index.js';
import { isApiId } from '../spec/load.js';
import { writeFileAtomic } from '../verify/report/write-atomic.js';

const collect = (value: string, previous: string[]) => [...previous, value];

interface CheckHarFlags {
  api?: string;
  json?: string;
  junit?: string;
  verbose?: boolean;
  onlyHost: string[];
  ignoreHost: string[];
}

export function registerCheckHarCommand(program: Command): void {
  program
    .command('check-har')
    .description(
      'Judge every exchange captured in a HAR file (browser devtools, mitmproxy, a proxy) against the specs: finds the operation and variant ' +
        'by path, method, query and body (a request sent with another method than the documented one is matched by its path), applies the ' +
        'contract checks and names the known real-server deviations (x-observed ids). Hosts none of whose paths is documented are reported ' +
        'as not API traffic and fail nothing. Verdicts: pass, fail, known-deviation, skip, unmatched (API traffic no spec documents), not-api. ' +
        'Exit 0 when nothing fails, 1 when an entry fails or is unmatched API traffic, 2 on usage errors.',
    )
    .argument('<file>', 'the HAR file')
    .option('--api <api>', `match against this API only (${API_IDS.join(', ')})`)
    .option('--only-host <host>', 'judge only this host (name, name:port or *.domain; repeatable): its traffic is API traffic', collect, [])
    .option('--ignore-host <host>', 'never judge this host (name, name:port or *.domain; repeatable)', collect, [])
    .option('--json <file>', 'write the JSON report ({ summary, entries: [...] } in HAR order)')
    .option('--junit <file>', 'write a JUnit XML report (one testcase per judged entry)')
    .option('--verbose', 'list every entry (not-api ones too) and keep passing checks in the JSON report')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  contract-kit check-har capture.har\n' +
        '  contract-kit check-har browser.har --only-host ms.internal:5000 --json reports/har.json --junit reports/har.xml\n' +
        '  contract-kit check-har capture.har --api doris-meta-service --ignore-host *.cdn.example',
    )
    .action(async (file: string, flags: CheckHarFlags, command: Command) => {
      if (flags.api !== undefined && !isApiId(flags.api)) command.error(`unknown api '${flags.api}'; expected one of ${API_IDS.join(', ')}`, { exitCode: 2 });
      if (flags.json && flags.junit && resolve(flags.json) === resolve(flags.junit)) {
        command.error(`--json and --junit name the same file (${flags.json}); give each report its own file`, { exitCode: 2 });
      }
      let har;
      try {
        for (const pattern of [...flags.onlyHost, ...flags.ignoreHost]) checkHostPattern(pattern);
        har = readHarFile(file);
      } catch (error) {
        if (error instanceof HarFormatError || error instanceof HostPatternError) command.error(error.message, { exitCode: 2 });
        throw error;
      }
      const report = await checkHar(har, {
        api: flags.api as ApiId | undefined,
        verbose: flags.verbose,
        onlyHosts: flags.onlyHost,
        ignoreHosts: flags.ignoreHost,
      });
      console.log(harConsoleReport(report, { verbose: flags.verbose }));
      const outputs: Array<[string | undefined, () => string]> = [
        [flags.json, () => `${JSON.stringify(report, null, 2)}\n`],
        [flags.junit, () => harJunitReport(report, file)],
      ];
      for (const [target, render] of outputs) {
        if (!target) continue;
        try {
          writeFileAtomic(target, render());
        } catch (error) {
          command.error(`cannot write ${target}: ${(error as Error).message}`, { exitCode: 2 });
        }
      }
      process.exitCode = report.summary.fail > 0 || report.summary.unmatched > 0 ? 1 : 0;
    });
}
