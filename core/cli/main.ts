import { helpText, parseArgs } from './args.js';
import { EXIT, type CliIo, type Command } from './command.js';
import { deviceAddCommand } from './commands/device-add.js';
import { devicesCommand } from './commands/devices.js';
import { infoCommand } from './commands/info.js';
import { newCommand } from './commands/new.js';
import { serveCommand } from './commands/serve.js';
import { validateCommand } from './commands/validate.js';
import { exportSpiceCommand } from './commands/export-spice.js';
import { simulateCommand } from './commands/simulate.js';
import { transferCommand } from './commands/transfer.js';
import { evaluateCommand } from './commands/evaluate.js';
import { finetuneCommand } from './commands/finetune.js';
import { layoutNetworkCommand } from './commands/layout-network.js';
import { studyCommand } from './commands/study.js';
import { trainCommand } from './commands/train.js';
import { compareCommand } from './commands/compare.js';
import { JobCancelled } from '../jobs/job.js';
import { UserError } from '../model/problems.js';
import { SPINPLAN_VERSION } from '../model/version.js';

export const COMMANDS: readonly Command[] = [
  newCommand,
  validateCommand,
  infoCommand,
  devicesCommand,
  deviceAddCommand,
  serveCommand,
  exportSpiceCommand,
  simulateCommand,
  transferCommand,
  layoutNetworkCommand,
  trainCommand,
  evaluateCommand,
  finetuneCommand,
  studyCommand,
  compareCommand,
];

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: spinplan COMMAND [options]',
    '',
    'Spinplan: floorplans, SPICE netlists, circuit-level VMM and network accuracy for spintronic synaptic arrays.',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'spinplan COMMAND --help' for a command's options.",
  ].join('\n');
}

/** Runs one command line; returns the exit code. User mistakes print one clear message, never a stack trace. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(`${overview()}\n`);
    return name ? EXIT.ok : EXIT.invalid;
  }
  if (name === '--version') {
    io.stdout(`spinplan ${SPINPLAN_VERSION}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`spinplan: unknown command "${name}"\n\n${overview()}\n`);
    return EXIT.invalid;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${helpText(command.name, command.usage, command.summary, command.options)}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(parseArgs(command.name, rest, command.options, command.maxPositionals), io);
  } catch (e) {
    if (e instanceof JobCancelled) {
      io.stderr(`spinplan ${command.name}: cancelled\n`);
      return EXIT.failure;
    }
    if (e instanceof UserError) {
      io.stderr(`spinplan ${command.name}: ${e.message}\n`);
      return EXIT.invalid;
    }
    io.stderr(
      `spinplan ${command.name}: internal error: ${(e as Error).stack ?? String(e)}\nPlease report this with the command line and file.\n`,
    );
    return EXIT.failure;
  }
}
