import type { Command } from 'commander';

export function registerLintCommand(program: Command): void {
  program
    .command('lint')
    .description('Lint OpenAPI specs with Spectral (OpenAPI ruleset) plus contract-kit rules: operationId, x-safety, an example for every response of every operation and variant. Exit 0 when no errors.')
    .argument('[files...]', 'spec files to lint (default: the four specs in specs/)')
    .option('--format <format>', 'report format: text or json', 'text')
    .action(async (files: string[], options: { format: string }) => {
      if (options.format !== 'text' && options.format !== 'json') {
        program.error(`--format must be text or json, got '${options.format}'`, { exitCode: 2 });
      }
      // Spectral is heavy to import (~0.5 s); only `lint` pays for it, not `mock` start-up.
      const { runLintCommand } = await import('../lint/index.js');
      process.exitCode = await runLintCommand(files, { format: options.format as 'text' | 'json' });
    });
}
