import { ACCURACY_STEPS } from '../api/accuracy-steps.js';
import { helpText, parseArgs } from './args.js';
import { EXIT, type CliIo, type Command, type CommandEntry } from './command.js';
import { JobCancelled } from '../jobs/job.js';
import { UserError } from '../model/problems.js';
import { SPINPLAN_VERSION } from '../model/version.js';

/**
 * Every command, in the order help lists them. Each module is imported only when its
 * command runs: importing them all made every command line load every engine,
 * TensorFlow.js included, before it did anything.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'new',
    summary: 'write a valid one-array design',
    load: async () => (await import('./commands/new.js')).newCommand,
  },
  {
    name: 'validate',
    summary: "check a design file: prints 'ok' or every problem (exit 0 valid, 2 invalid)",
    load: async () => (await import('./commands/validate.js')).validateCommand,
  },
  {
    name: 'check',
    summary:
      'electrical rule checks of a design (IR drop, column current, ADC LSB, read disturb, write current, unused columns, periphery fit): a warning per array naming the number (exit 0 clean, 1 warnings)',
    load: async () => (await import('./commands/check.js')).checkCommand,
  },
  {
    name: 'info',
    summary: 'arrays, sizes, devices, levels and area of a design',
    load: async () => (await import('./commands/info.js')).infoCommand,
  },
  {
    name: 'devices',
    summary: 'the device library: presets with their parameters, levels and sources',
    load: async () => (await import('./commands/devices.js')).devicesCommand,
  },
  {
    name: 'device-add',
    summary: "add a device from measured levels to a design's library",
    load: async () => (await import('./commands/device-add.js')).deviceAddCommand,
  },
  {
    name: 'serve',
    summary: 'browser mode: serve the UI and the Api on 127.0.0.1 with a per-run token',
    load: async () => (await import('./commands/serve.js')).serveCommand,
  },
  {
    name: 'export-spice',
    summary: 'write a SPICE deck (ngspice -b runs it) for one array or the whole design',
    load: async () => (await import('./commands/export-spice.js')).exportSpiceCommand,
  },
  {
    name: 'export-gds',
    summary: 'write the floorplan as GDSII (die, array blocks, periphery, names) for KLayout and other layout tools',
    load: async () => (await import('./commands/export-gds.js')).exportGdsCommand,
  },
  {
    name: 'export-svg',
    summary: 'write the floorplan as an SVG figure with a legend and a scale bar (cells by topology or programmed state)',
    load: async () => (await import('./commands/export-svg.js')).exportSvgCommand,
  },
  {
    name: 'simulate',
    summary: 'solve an array with every parasitic: column currents vs ideal G*V, IR drop',
    load: async () => (await import('./commands/simulate.js')).simulateCommand,
  },
  {
    name: 'transfer',
    summary: 'extract the effective transfer matrix A (I = A V) of an array with all parasitics',
    load: async () => (await import('./commands/transfer.js')).transferCommand,
  },
  {
    name: 'layout-network',
    summary: "write a design whose arrays host every layer's weight tiles, placed on the die",
    load: async () => (await import('./commands/layout-network.js')).layoutNetworkCommand,
  },
  {
    name: 'train',
    summary: 'train a network in full precision (cached by network, dataset, recipe and seed)',
    load: async () => (await import('./commands/train.js')).trainCommand,
  },
  {
    name: 'evaluate',
    summary: `accuracy of a network mapped onto a design's arrays: ${ACCURACY_STEPS.map((s) => s.label).join(', ')}`,
    load: async () => (await import('./commands/evaluate.js')).evaluateCommand,
  },
  {
    name: 'finetune',
    summary:
      "fine-tuning onto a design's device levels: quantization-aware in software, or with the chip in the loop (--in-the-loop circuit|chip)",
    load: async () => (await import('./commands/finetune.js')).finetuneCommand,
  },
  {
    name: 'train-on-chip',
    summary: "train a network in situ on a design's arrays: updates as SET/RESET pulses, forward through the chip with IR drop",
    load: async () => (await import('./commands/train-on-chip.js')).trainOnChipCommand,
  },
  {
    name: 'study',
    summary:
      'run a built-in sweep and write its table (tmr-cells, tmr-levels, dw-notch, ctc, insitu-ctc, insitu-linearity, insitu-2x1, hil-size, ptq-granularity)',
    load: async () => (await import('./commands/study.js')).studyCommand,
  },
  {
    name: 'sweep',
    summary:
      'evaluate every combination of design fields (accuracy, energy, latency, area) on all cores, resumable, or as Slurm jobs',
    load: async () => (await import('./commands/sweep.js')).sweepCommand,
  },
  {
    name: 'sweep-merge',
    summary: "join a sweep's shards (spinplan sweep --shard or --slurm) into NAME.json and NAME.csv, as a local run writes them",
    load: async () => (await import('./commands/sweep-merge.js')).sweepMergeCommand,
  },
  {
    name: 'compare',
    summary: 'compare accuracy reports of several layouts side by side (accuracy per step, area, energy)',
    load: async () => (await import('./commands/compare.js')).compareCommand,
  },
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
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    io.stderr(`spinplan: unknown command "${name}"\n\n${overview()}\n`);
    return EXIT.invalid;
  }
  let command: Command;
  try {
    command = await entry.load();
  } catch (e) {
    return internalError(io, entry.name, e);
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
    return internalError(io, command.name, e);
  }
}

function internalError(io: CliIo, name: string, e: unknown): number {
  io.stderr(
    `spinplan ${name}: internal error: ${(e as Error).stack ?? String(e)}\nPlease report this with the command line and file.\n`,
  );
  return EXIT.failure;
}
