import type { Command } from 'commander';
import { buildSimulatorImage, defaultSimulatorTag, SimulatorImageError } from '../containers/sim-image.js';

export function registerImageCommand(program: Command): void {
  const image = program
    .command('image')
    .description('The contract-kit-sim container image: the four simulators in one FROM scratch image, built from this installed package (no checkout, no registry)');
  image
    .command('build')
    .description(
      `Build the simulator image (default tag ${defaultSimulatorTag()}: the image name and the package version). ` +
        'Skipped when an image of that tag was built from the same inputs. Run it with e.g. ' +
        '`docker run --rm -p 8030:8030 <tag> doris-fe --profile observed` (arguments go to `contract-kit mock`).',
    )
    .option('--tag <image>', 'image name and tag', defaultSimulatorTag())
    .option('--force', 'build even when the image is up to date')
    .option('--quiet', 'print only the tag')
    .action(async (options: { tag: string; force?: boolean; quiet?: boolean }) => {
      const say = (line: string) => {
        if (!options.quiet) process.stderr.write(`${line}\n`);
      };
      try {
        const result = await buildSimulatorImage({ tag: options.tag, force: options.force, log: say });
        const size = `${Math.round(result.sizeBytes / 1024 / 1024)} MiB`;
        say(result.built ? `built ${result.tag} (${size}) in ${Math.round(result.durationMs)} ms` : `${result.tag} is up to date (${size}, inputs ${result.inputs})`);
        process.stdout.write(`${result.tag}\n`);
      } catch (error) {
        if (!(error instanceof SimulatorImageError)) throw error;
        process.stderr.write(`error: ${error.message}\n`);
        process.exitCode = 1;
      }
    });
}
