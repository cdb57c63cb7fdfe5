import type { Command } from 'commander';
import { missingPackages, OptionalPackageMissingError, type OptionalTool } from '../optional/index.js';

/**
 * Which optional tool (src/optional) a command needs with the options it was given. Checked
 * before the action runs, so a lean install answers with the package to install (exit 2) before
 * anything starts, instead of failing halfway through a run.
 */
function toolsNeeded(command: Command): OptionalTool[] {
  const options = command.opts();
  switch (command.name()) {
    case 'lint':
      return ['lint'];
    case 'docs':
      return ['docs'];
    case 'mock':
      return options.engine === 'prism' ? ['prism'] : [];
    case 'verify':
      if (options.container !== undefined) return ['containers'];
      return options.baseUrl === undefined && options.engine === 'prism' ? ['prism'] : [];
    default:
      return [];
  }
}

/** Registers the check on every command of the program. */
export function checkOptionalToolsBeforeActions(program: Command): void {
  program.hook('preAction', (_program, command) => {
    // `mock` serves the docs site by default; without Swagger UI it serves the APIs and says why
    // the docs are missing, rather than refusing to mock at all.
    if (command.name() === 'mock' && command.opts().docs !== false) {
      const missing = missingPackages('docs');
      if (missing.length > 0) {
        const why = new OptionalPackageMissingError('docs', missing);
        process.stderr.write(`note: not serving the docs site: ${why.message}\n`);
        command.setOptionValue('docs', false);
      }
    }
    for (const tool of toolsNeeded(command)) {
      const missing = missingPackages(tool);
      if (missing.length > 0) {
        process.stderr.write(`error: ${new OptionalPackageMissingError(tool, missing).message}\n`);
        process.exit(2);
      }
    }
  });
}
