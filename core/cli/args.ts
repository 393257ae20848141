import { UserError } from '../model/problems.js';

/**
 * A small, strict option parser: every option is declared with its type, so a typo or a
 * bad value is a clear error naming the option instead of a silently ignored flag.
 */
export interface OptionSpec {
  type: 'string' | 'number' | 'integer' | 'boolean';
  short?: string;
  description: string;
  /** Shown in help, e.g. "FILE". */
  value?: string;
  choices?: readonly string[];
  required?: boolean;
  default?: string | number | boolean;
  /** Smallest and largest value a number option takes, both allowed. */
  min?: number;
  max?: number;
  /** A string option that may be given many times (`--vary A --vary B`): its value is the list, in order. */
  multiple?: boolean;
}

export type OptionSpecs = Record<string, OptionSpec>;
export type ParsedOptions = Record<string, string | number | boolean | string[] | undefined>;

export interface ParsedArgs {
  options: ParsedOptions;
  positionals: string[];
}

export function parseArgs(command: string, argv: readonly string[], specs: OptionSpecs, maxPositionals: number): ParsedArgs {
  // No prototype: `--constructor` or `--__proto__` must neither find Object.prototype
  // members as specs nor write through to them as options.
  const options: ParsedOptions = Object.create(null) as ParsedOptions;
  const positionals: string[] = [];
  const byShort = new Map(Object.entries(specs).flatMap(([name, s]) => (s.short ? [[s.short, name] as const] : [])));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    let name: string | undefined;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    } else if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) {
      name = byShort.get(arg.slice(1));
      if (!name) throw new UserError(`unknown option ${arg}; see 'spinplan ${command} --help'`);
    } else {
      positionals.push(arg);
      continue;
    }
    const spec = ownSpec(specs, name);
    if (!spec) throw new UserError(`unknown option --${name}; see 'spinplan ${command} --help'`);
    if (spec.type === 'boolean') {
      if (inline !== undefined && inline !== 'true' && inline !== 'false') throw new UserError(`--${name} takes no value`);
      options[name] = inline !== 'false';
      continue;
    }
    const raw = inline ?? argv[++i];
    if (raw === undefined) throw new UserError(`--${name} needs a value (${spec.value ?? spec.type})`);
    // `--name --rows 8` is a forgotten value, not the name "--rows"; a value that really
    // starts with "--" can still be given inline (`--name=--x`).
    if (inline === undefined && raw.startsWith('--'))
      throw new UserError(
        `--${name} needs a value (${spec.value ?? spec.type}) before ${raw}; write --${name}=VALUE for a value starting with "--"`,
      );
    const value = convert(name, raw, spec);
    if (spec.multiple) options[name] = [...((options[name] as string[] | undefined) ?? []), String(value)];
    else options[name] = value;
  }
  const missing: string[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    if (options[name] === undefined && spec.default !== undefined) options[name] = spec.default;
    if (options[name] === undefined && spec.required) missing.push(`--${name} (${spec.description})`);
  }
  if (missing.length > 0) {
    const list = missing.join(', ');
    throw new UserError(`${missing.length === 1 ? `${list} is` : `${list} are`} required; see 'spinplan ${command} --help'`);
  }
  if (positionals.length > maxPositionals) {
    throw new UserError(`unexpected argument ${JSON.stringify(positionals[maxPositionals])}; see 'spinplan ${command} --help'`);
  }
  return { options, positionals };
}

/** The spec declared for `name` itself, never one inherited from Object.prototype. */
function ownSpec(specs: OptionSpecs, name: string): OptionSpec | undefined {
  return Object.hasOwn(specs, name) ? specs[name] : undefined;
}

function convert(name: string, raw: string, spec: OptionSpec): string | number {
  if (spec.type === 'string') {
    if (spec.choices && !spec.choices.includes(raw)) {
      throw new UserError(`--${name} ${JSON.stringify(raw)} is not allowed, must be one of ${spec.choices.join(', ')}`);
    }
    return raw;
  }
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new UserError(`--${name} ${JSON.stringify(raw)} is not a number`);
  if (spec.type === 'integer' && !Number.isInteger(value))
    throw new UserError(`--${name} ${raw} is not allowed, must be a whole number`);
  if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max))
    throw new UserError(`--${name} ${raw} is not allowed, must be ${range(spec.min, spec.max)}`);
  return value;
}

function range(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `${min}..${max}`;
  return min !== undefined ? `at least ${min}` : `at most ${max}`;
}

export function helpText(name: string, usage: string, summary: string, specs: OptionSpecs): string {
  const lines = [`Usage: spinplan ${name} ${usage}`.trimEnd(), '', summary, ''];
  const entries = Object.entries(specs);
  if (entries.length > 0) lines.push('Options:');
  for (const [opt, s] of entries) {
    const flag = `${s.short ? `-${s.short}, ` : '    '}--${opt}${s.type === 'boolean' ? '' : ` ${s.value ?? s.type.toUpperCase()}`}`;
    const extra = [
      s.choices ? `one of ${s.choices.join('|')}` : '',
      s.default !== undefined ? `default ${s.default}` : '',
      s.required ? 'required' : '',
      s.multiple ? 'repeatable' : '',
    ]
      .filter(Boolean)
      .join('; ');
    lines.push(`  ${flag.padEnd(30)} ${s.description}${extra ? ` (${extra})` : ''}`);
  }
  lines.push(`  ${'    --help'.padEnd(30)} show this help`);
  return lines.join('\n');
}
