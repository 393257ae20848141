import { describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../devices/presets.js';
import type { Design } from './design.js';
import { LIMITS } from './limits.js';
import { newSingleArrayDesign } from './new-design.js';
import { CONTROL_CHARACTERS, formatProblem } from './problems.js';
import { MAX_JSON_DEPTH, parseDesignText } from './validate.js';

/**
 * The malformed-design corpus: files a user, a broken tool or an attacker could hand to
 * `spinplan validate`, `open` or the server, each with the one problem it must be refused
 * for (path and message), what the message must never contain (bytes of a file that is no
 * design, raw control characters) and, where the old code took minutes, a time limit far
 * above the milliseconds it takes now.
 */
function design(): Design {
  return newSingleArrayDesign({
    name: 'corpus',
    topology: 'passive',
    rows: 4,
    cols: 3,
    device: deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1', cells: 3 }),
    mapping: 'differential',
    states: 'random',
    seed: 3,
  });
}

/** A valid design's JSON text after `edit` of its raw JSON. */
function edited(edit: (doc: any) => void): string {
  const doc = JSON.parse(JSON.stringify(design()));
  edit(doc);
  return JSON.stringify(doc, null, 2);
}

/** `text` with a field's JSON value replaced by raw text (for what JSON.stringify cannot write: 1e999, deep nesting). */
function withRaw(field: string, raw: string): string {
  const marker = '"__RAW__"';
  const doc = JSON.parse(JSON.stringify(design()));
  const path = field.split('.');
  let at = doc;
  for (const key of path.slice(0, -1)) at = at[key];
  at[path[path.length - 1]!] = '__RAW__';
  return JSON.stringify(doc).replace(marker, raw);
}

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
const ESC = '\u001b';
const CSI = '\u009b';

interface Case {
  name: string;
  text: () => string;
  /** The first problem, formatted `path: message`. */
  problem: RegExp;
  /** Never in any message. */
  notEchoed?: string[];
}

const cases: Case[] = [
  // ---- nesting: the schema check and the value printer recursed until the stack overflowed
  {
    name: '100 000 nested lists as the whole file',
    text: () => deep(100_000),
    problem: /^\(file\): is a list; a design file is a JSON object/,
  },
  {
    name: '100 000 nested lists in chip',
    text: () => withRaw('chip', deep(100_000)),
    problem: new RegExp(`^chip: is nested deeper than ${MAX_JSON_DEPTH} levels of lists and objects`),
  },
  {
    name: '100 000 nested lists in a version 1 array (migrated before the schema)',
    text: () => `{"schemaVersion":1,"arrays":[{"states":${deep(100_000)}}]}`,
    problem: /^arrays: is nested deeper than 32 levels/,
  },
  {
    name: '100 000 nested lists as the schema version',
    text: () => withRaw('schemaVersion', deep(100_000)),
    problem: /^schemaVersion: is nested deeper than 32 levels/,
  },
  {
    name: '100 000 nested objects under a key that is no design field',
    text: () => `{"x\\u001b[2J":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`,
    problem: /^\(file\): is nested deeper than 32 levels/,
    notEchoed: ['[2J', ESC],
  },
  {
    name: 'nesting just inside the limit is only a schema problem',
    text: () => withRaw('notes', deep(MAX_JSON_DEPTH - 1)),
    problem: /^notes: \[\[\[.* is a list, expected a string$/,
  },
  // ---- numbers JSON.parse overflows to Infinity (were shown as "null is a number")
  {
    name: '1e999 as the die width',
    text: () => withRaw('chip.width', '1e999'),
    problem: /^chip\.width: Infinity is not a finite number/,
    notEchoed: ['null'],
  },
  {
    name: '-1e999 as a row count',
    text: () => edited((d) => (d.arrays[0].rows = '__X__')).replace('"__X__"', '-1e999'),
    problem: /^arrays\[0\]\.rows: -Infinity is not a finite number/,
  },
  // ---- control characters and terminal escapes in text the CLI prints
  {
    name: 'an escape sequence in the chip name',
    text: () => edited((d) => (d.chip.name = `evil${ESC}]0;owned${'\u0007'}`)),
    problem: /^chip\.name: must not contain control characters \(U\+001B at character 5\)/,
    notEchoed: [ESC, '\u0007'],
  },
  {
    name: 'a C1 CSI in a device name',
    text: () => edited((d) => (d.devices[0].name = `dev${CSI}2J`)),
    problem: /^devices\[0\]\.name: must not contain control characters \(U\+009B at character 4\)/,
    notEchoed: [CSI],
  },
  {
    name: 'DEL in an array name',
    text: () => edited((d) => (d.arrays[0].name = 'a\u007fb')),
    problem: /^arrays\[0\]\.name: must not contain control characters \(U\+007F/,
  },
  {
    name: 'a line break in an array name',
    text: () => edited((d) => (d.arrays[0].name = 'two\nlines')),
    problem: /^arrays\[0\]\.name: must not contain control characters \(U\+000A/,
  },
  {
    name: 'an escape in a source title',
    text: () => edited((d) => (d.devices[0].source.title = `t${ESC}[31m`)),
    problem: /^devices\[0\]\.source\.title: must not contain control characters/,
    notEchoed: [ESC],
  },
  {
    name: 'an escape in an assumed parameter',
    text: () => edited((d) => (d.devices[0].source.assumed = ['ok', `x${ESC}c`])),
    problem: /^devices\[0\]\.source\.assumed\[1\]: must not contain control characters/,
  },
  {
    name: 'an escape in the notes',
    text: () => edited((d) => (d.notes = `line 1\n\tline 2${ESC}[2J`)),
    problem: /^notes: must not contain control characters \(U\+001B at character 15\)$/,
  },
  {
    name: 'a control character in an unknown key is escaped in the path',
    text: () => edited((d) => (d.chip[`k${ESC}[2J`] = 1)),
    problem: /^chip\["k\\u001b\[2J"\]: unknown field/,
    notEchoed: [ESC],
  },
  {
    name: 'a C1 control in a wrongly typed value is escaped in the message',
    text: () => edited((d) => (d.arrays[0].rows = `1${CSI}2J`)),
    problem: /^arrays\[0\]\.rows: "1\\u009b2J" is a string, expected a number/,
    notEchoed: [CSI],
  },
  // ---- files that are not designs: nothing of them is echoed
  {
    name: 'a shadow password file',
    text: () => 'root:$y$j9T$Qm9vYmFy$secretHash:19700:0:99999:7:::\ndaemon:*:19700:0:99999:7:::\n',
    problem: /^\(file\): is not JSON: it starts with a letter; a design file is a JSON object/,
    notEchoed: ['root', '$y$', 'secret', 'daemon'],
  },
  {
    name: 'a JSON string',
    text: () => '"my secret token"',
    problem: /^\(file\): is a string; a design file is a JSON object/,
    notEchoed: ['secret', 'token'],
  },
  {
    name: 'a JSON object that is no design',
    text: () => '{"password": "hunter2"}',
    problem: /^schemaVersion: missing/,
    notEchoed: ['hunter2', 'password'],
  },
  {
    name: 'text after a valid value',
    text: () => '{"schemaVersion": 2} secret',
    problem:
      /^\(file\): is not valid JSON at line 1, column 22: expected nothing after the end of the JSON value, found a letter$/,
    notEchoed: ['secret'],
  },
  {
    name: 'an unquoted word where a value belongs',
    text: () => '{"schemaVersion": hunter2}',
    problem: /^\(file\): is not valid JSON at line 1, column 19: expected a value .*, found a letter$/,
    notEchoed: ['hunter'],
  },
  {
    name: 'a trailing comma',
    text: () => '{\n  "schemaVersion": 2,\n}',
    problem: /^\(file\): is not valid JSON at line 3, column 1: expected a field name in double quotes, found '}'$/,
  },
  {
    name: 'single quotes',
    text: () => "{'schemaVersion': 2}",
    problem: /^\(file\): is not valid JSON at line 1, column 2: expected a field name in double quotes or '}', found '''$/,
  },
  {
    name: 'a comment',
    text: () => '{\n  // the die\n  "schemaVersion": 2\n}',
    problem: /^\(file\): is not valid JSON at line 2, column 3: .*found '\/'$/,
    notEchoed: ['the die'],
  },
  {
    name: 'a raw line break inside a string',
    text: () => '{"notes": "a\nb"}',
    problem: /^\(file\): is not valid JSON at line 1, column 13: expected a closing '"' or text .*found a control character$/,
  },
  {
    name: 'a bad escape inside a string',
    text: () => '{"notes": "a\\qb"}',
    problem: /^\(file\): is not valid JSON at line 1, column 13: expected an escape.*found a backslash before a letter$/,
  },
  {
    name: 'NaN',
    text: () => '{"schemaVersion": NaN}',
    problem: /^\(file\): is not valid JSON at line 1, column 19: expected a value/,
  },
  {
    name: 'a file cut off inside a string',
    text: () => edited(() => {}).slice(0, 120),
    problem: /^\(file\): is not complete JSON: it ends early/,
  },
  {
    name: 'a byte order mark is allowed (Windows editors write one)',
    text: () => `\ufeff${edited((d) => (d.chip.name = ''))}`,
    problem: /^chip\.name: must not be empty$/,
  },
  // ---- limits checked from the declared sizes, before any state is decoded
  {
    name: '1024 arrays of 4096 x 4096 (took 28 minutes before the limit error)',
    text: () =>
      edited((d) => {
        const a = d.arrays[0];
        d.arrays = Array.from({ length: 1024 }, (_, i) => ({
          ...a,
          id: `arr_${i + 1}`,
          rows: 4096,
          cols: 4096,
          states: { encoding: 'fill', level: 0 },
        }));
      }),
    problem: new RegExp(
      `^arrays: hold ${1024 * 4096 * 8192} physical cells in all \\(1024 arrays, .*\\), over the limit of ${LIMITS.maxTotalCells}`,
    ),
  },
  {
    name: '48 arrays of 4096 x 4096 with byte states of the wrong length (blocked the server 32 s)',
    text: () =>
      edited((d) => {
        const a = d.arrays[0];
        d.arrays = Array.from({ length: 48 }, (_, i) => ({
          ...a,
          id: `arr_${i + 1}`,
          rows: 4096,
          cols: 4096,
          states: { encoding: 'u8-base64', data: 'AAAA' },
        }));
      }),
    problem: /^arrays: hold 1610612736 physical cells in all \(48 arrays/,
  },
  {
    name: 'two million arrays (counted before the schema walks them)',
    text: () => edited((d) => (d.arrays = '__X__')).replace('"__X__"', `[${Array(2_000_000).fill('0').join(',')}]`),
    problem: new RegExp(`^arrays: lists 2000000 arrays, over the limit of ${LIMITS.maxArrays}`),
  },
  {
    name: 'a thousand devices',
    text: () => edited((d) => (d.devices = Array.from({ length: 1000 }, () => d.devices[0]))),
    problem: new RegExp(`^devices: lists 1000 devices, over the limit of ${LIMITS.maxDevices}`),
  },
  {
    name: 'byte states of the wrong length, known without decoding',
    text: () => edited((d) => (d.arrays[0].states = { encoding: 'u8-base64', data: 'AAAAAAAA' })),
    problem: /^arrays\[0\]\.states: holds 6 cells, the array has 24 \(rows x physical columns\)$/,
  },
  {
    name: 'a fill level above the device, found without expanding it',
    text: () => edited((d) => (d.arrays[0].states = { encoding: 'fill', level: 9 })),
    problem: /^arrays\[0\]\.states: cell \(row 0, column 0\) has level 9, device "dev_1" has levels 0\.\.3$/,
  },
];

describe('the malformed-design corpus', () => {
  for (const c of cases) {
    it(`refuses ${c.name}`, { timeout: 30_000 }, () => {
      const text = c.text();
      const result = parseDesignText(text);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const messages = result.errors.map(formatProblem);
      expect(messages[0]).toMatch(c.problem);
      for (const bad of c.notEchoed ?? []) for (const m of messages) expect(m).not.toContain(bad);
      // No raw control character ever reaches a message the CLI prints.
      for (const m of messages) expect(m).not.toMatch(CONTROL_CHARACTERS);
    });
  }

  it('still accepts tabs and line breaks in notes and source notes', () => {
    const result = parseDesignText(
      edited((d) => {
        d.notes = 'first line\n\tsecond line\r\n';
        d.devices[0].source.note = 'measured\nat 300 K';
      }),
    );
    expect(result.ok ? [] : result.errors.map(formatProblem)).toEqual([]);
  });

  it('refuses a file of 1024 arrays of 4096 x 4096 in well under a second of work', () => {
    const text = cases.find((c) => c.name.startsWith('1024 arrays'))!.text();
    const start = performance.now();
    const result = parseDesignText(text);
    const seconds = (performance.now() - start) / 1000;
    expect(result.ok).toBe(false);
    // 0.1 s here; the limit leaves room for a busy machine, the old code took 11-28 minutes.
    expect(seconds).toBeLessThan(5);
  });
});
