#!/usr/bin/env node
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../spec/locate.js';
import { registerCheckHarCommand } from './check-har-command.js';
import { registerDocsCommand } from './docs-command.js';
import { registerImageCommand } from './image-command.js';
import { registerLintCommand } from './lint-command.js';
import { registerMockCommand } from './mock-command.js';
import { registerProxyCommand } from './proxy-command.js';
import { checkOptionalToolsBeforeActions } from './optional-tools.js';
import { registerVerifyCommand } from './verify-command.js';

const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };

const program = new Command('contract-kit')
  .description('Contract tests, stateful mocks and docs for Doris FE, Doris Meta Service, Alluxio coordinator and Klustron ClusterManager')
  .version(version)
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride((error) => {
    // commander exits 1 on usage errors; CI needs usage errors (2) told apart from failures (1).
    process.exit(error.exitCode === 0 ? 0 : 2);
  });

checkOptionalToolsBeforeActions(program);

// Commands register themselves here, one module each (src/cli/<name>-command.ts).
registerMockCommand(program);
registerVerifyCommand(program);
registerCheckHarCommand(program);
registerProxyCommand(program);
registerLintCommand(program);
registerDocsCommand(program);
registerImageCommand(program);

await program.parseAsync(process.argv);
