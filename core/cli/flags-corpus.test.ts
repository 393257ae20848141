import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from './args.js';
import { runCli } from './main.js';

/**
 * The malformed-flags corpus: command lines a user (or a script) gets wrong. Every one must
 * exit 2 with one message that names the option or argument at fault, print no stack trace,
 * and write nothing.
 */

async function run(args: readonly string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd });
  return { code, out, err };
}

function expectUserMistake(r: { code: number; err: string }, names: string | RegExp): void {
  expect(r.code, r.err).toBe(2);
  if (typeof names === 'string') expect(r.err).toContain(names);
  else expect(r.err).toMatch(names);
  expect(r.err).not.toContain('internal error');
  // A stack frame line looks like "    at fn (file:line:col)".
  expect(r.err).not.toMatch(/^\s+at .+:\d+/m);
}

const PROTOTYPE_KEYS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'] as const;

/** A valid command line for each command, so that only the flag added to it is wrong. */
const NEW = ['new', '--topology', 'passive', '--rows', '4', '--cols', '4', '--device', 'tilted-11', '-o', 'never.json'];
const VALID_LINES: Record<string, readonly string[]> = {
  new: NEW,
  validate: ['validate', 'missing.json'],
  info: ['info', 'missing.json'],
  serve: ['serve'],
  'export-spice': ['export-spice', 'missing.json'],
  devices: ['devices'],
};

describe('malformed flags: Object.prototype names are unknown options', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-flags-'));

  for (const [command, line] of Object.entries(VALID_LINES)) {
    for (const key of PROTOTYPE_KEYS) {
      it(`${command} --${key}`, async () => {
        for (const extra of [[`--${key}`, '1'], [`--${key}=x`], [`--${key}`]]) {
          const r = await run([...line, ...extra], dir);
          expectUserMistake(r, `unknown option --${key}; see 'spinplan ${command} --help'`);
        }
        expect(existsSync(path.join(dir, 'never.json'))).toBe(false);
      });
    }
  }

  it('leaves Object.prototype as it was', async () => {
    await run([...NEW, '--__proto__', '1'], dir);
    await run([...NEW, '--constructor', '1'], dir);
    expect(Object.prototype).not.toHaveProperty('1');
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
  });

  it('parsed options have no prototype, so no inherited name reads as given', () => {
    const { options } = parseArgs('x', ['--n', '3'], { n: { type: 'integer', description: 'n' } }, 0);
    expect(Object.getPrototypeOf(options)).toBeNull();
    expect(options.n).toBe(3);
    expect(options.toString).toBeUndefined();
    expect(options.constructor).toBeUndefined();
  });
});

describe('malformed flags: values', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-flags-'));
  const withRows = (rows: string[]) => [
    'new',
    '--topology',
    'passive',
    ...rows,
    '--cols',
    '4',
    '--device',
    'tilted-11',
    '-o',
    'never.json',
  ];

  const cases: [string, string[], string | RegExp][] = [
    ['a missing value at the end', [...NEW, '--seed'], '--seed needs a value'],
    ['a missing value before the next option', withRows(['--rows']), '--rows needs a value'],
    ['a string option swallowing the next option', [...NEW, '--name', '--seed', '3'], '--name needs a value'],
    ['a missing port', ['serve', '--port'], '--port needs a value'],
    ['--rows abc', withRows(['--rows', 'abc']), '--rows "abc" is not a number'],
    ['--rows 1.5', withRows(['--rows', '1.5']), /--rows 1\.5 .*whole number/],
    ['--rows 1e999', withRows(['--rows', '1e999']), /--rows "1e999" is not a number/],
    ['--rows empty', withRows(['--rows', '']), /--rows "" is not a number/],
    ['--rows=', withRows(['--rows=']), /--rows "" is not a number/],
    ['--rows Infinity', withRows(['--rows', 'Infinity']), /--rows "Infinity" is not a number/],
    ['a value for a boolean', ['info', 'missing.json', '--json=yes'], '--json takes no value'],
    [
      'a choice not offered',
      ['new', '--topology', 'weird', '--rows', '4', '--cols', '4', '--device', 'tilted-11', '-o', 'never.json'],
      /--topology "weird" is not allowed/,
    ],
    ['an unknown long option', [...NEW, '--rowz', '4'], "unknown option --rowz; see 'spinplan new --help'"],
    ['an unknown short option', [...NEW, '-z'], "unknown option -z; see 'spinplan new --help'"],
    ['an empty option name', [...NEW, '--=4'], "unknown option --; see 'spinplan new --help'"],
    ['duplicate positionals', ['validate', 'a.json', 'b.json'], 'unexpected argument "b.json"'],
    ['a positional where none is taken', [...NEW, 'extra.json'], 'unexpected argument "extra.json"'],
    ['two files for serve', ['serve', 'a.json', 'b.json'], 'unexpected argument "b.json"'],
    ['--port 99999', ['serve', '--port', '99999'], /--port 99999 is not allowed, must be a whole number 0\.\.65535/],
    ['--port 65536', ['serve', '--port', '65536'], /--port 65536 is not allowed/],
    ['--port -1', ['serve', '--port', '-1'], /--port -1 is not allowed/],
    ['--port 1.5', ['serve', '--port', '1.5'], /--port 1\.5 .*whole number/],
    ['--port http', ['serve', '--port', 'http'], /--port "http" is not a number/],
  ];
  for (const [label, argv, names] of cases) {
    it(label, async () => {
      expectUserMistake(await run(argv, dir), names);
      expect(existsSync(path.join(dir, 'never.json'))).toBe(false);
    });
  }

  it('a bad port is refused before the design file is read', async () => {
    // The file does not exist: were it read first, the message would be about the file.
    expectUserMistake(await run(['serve', 'missing.json', '--port', '70000'], dir), '--port 70000');
  });
});

describe('malformed command lines: commands', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-flags-'));
  for (const name of ['frobnicate', 'constructor', '__proto__', 'toString', 'hasOwnProperty', '--rows']) {
    it(`unknown command ${name}`, async () => {
      const r = await run([name, '1'], dir);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`unknown command "${name}"`);
      expect(r.err).not.toContain('internal error');
    });
  }
});

describe('serve: a port that cannot be had', () => {
  let blocker: Server;
  let port = 0;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    port = (blocker.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

  it('a port in use is a user mistake naming the port and the fix', { timeout: 30_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-flags-'));
    const r = await run(['serve', '--port', String(port)], dir);
    expectUserMistake(r, `port ${port} is in use; choose another with --port or omit it`);
  });
});
