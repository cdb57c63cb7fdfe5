import { Command, CommanderError } from 'commander';
import { vi } from 'vitest';

/**
 * Runs one CLI command in-process (faster than spawning the built CLI) and returns what a user
 * sees: the exit code and the lines printed to the console.
 */
export async function runCommand(
  register: (program: Command) => void,
  argv: string[],
): Promise<{ exitCode: number | undefined; output: string }> {
  const program = new Command('contract-kit').exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  register(program);
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
  try {
    process.exitCode = undefined;
    await program.parseAsync(['node', 'contract-kit', ...argv]);
    return { exitCode: process.exitCode as number | undefined, output: lines.join('\n') };
  } catch (error) {
    if (error instanceof CommanderError) return { exitCode: error.exitCode, output: error.message };
    throw error;
  } finally {
    log.mockRestore();
    process.exitCode = undefined;
  }
}
