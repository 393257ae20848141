import { UserError } from '../model/problems.js';
import type { OptionSpecs, ParsedArgs } from './args.js';

/** Where a command writes; injected so tests capture output without spawning processes. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Positionals, e.g. "FILE". */
  usage: string;
  options: OptionSpecs;
  maxPositionals: number;
  /** Returns the exit code. */
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

/**
 * A command as the command list knows it before it is loaded: `spinplan --help` lists
 * these without importing a single command module, and a command line imports only its
 * own command (and, through it, only what that command needs: TensorFlow.js for the
 * network commands, nothing of it for validate or simulate).
 */
export interface CommandEntry {
  name: string;
  /** One line for the command list; the same as the loaded command's (a test holds them equal). */
  summary: string;
  load(): Promise<Command>;
}

export const EXIT = { ok: 0, failure: 1, invalid: 2 } as const;

/** The FILE positional most commands take. */
export function requireFile(positionals: readonly string[], command: string): string {
  const file = positionals[0];
  if (!file) throw new UserError(`missing FILE; usage: spinplan ${command} FILE (see 'spinplan ${command} --help')`);
  return file;
}
