import { describe, expect, it } from 'vitest';
import { Random } from '../math/random.js';
import { describeCharacter, describeJsonFault, findJsonSyntaxFault } from './json-syntax.js';

/** Whether JSON.parse accepts the text: the scanner must agree on every sample. */
function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const VALID = [
  '{}',
  '[]',
  ' \t\r\n{ "a" : [ 1 , -0.5e+3 , 0 , 1E2 , true , false , null , "x\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9" ] }\n',
  '"just a string"',
  '-0',
  '12.25',
  '[[[[[]]]]]',
  '{"a":{"b":{"c":[{}]}}}',
  '"é ✓ 😀"',
];

const INVALID: [string, number, RegExp][] = [
  ['', 0, /the end of the file/],
  ['{', 1, /the end of the file/],
  ['{"a":1,}', 7, /^found '}'$/],
  ['[1,]', 3, /^found '\]'$/],
  ['[1 2]', 3, /^found a digit$/],
  ['{"a" 1}', 5, /^found a digit$/],
  ['{a:1}', 1, /^found a letter$/],
  ['01', 1, /^found a digit$/],
  ['-', 1, /the end of the file/],
  ['-x', 1, /^found a letter$/],
  ['1.', 2, /the end of the file/],
  ['1.e5', 2, /^found a letter$/],
  ['1e', 2, /the end of the file/],
  ['"abc', 4, /the end of the file/],
  ['"a\u0001"', 2, /^found a control character$/],
  ['"\\x"', 1, /^found a backslash before a letter$/],
  ['"\\u12g4"', 1, /^found something else$/],
  ['tru', 0, /^found a letter$/],
  ['{} {}', 3, /^found '\{'$/],
  ['\ufeff{}', 0, /^found a byte order mark$/],
  ['[1]]', 3, /^found '\]'$/],
  ['{"a":1]', 6, /^found '\]'$/],
];

describe('findJsonSyntaxFault', () => {
  it('finds no fault where JSON.parse finds none', () => {
    for (const text of VALID) {
      expect(parses(text)).toBe(true);
      expect(findJsonSyntaxFault(text)).toBeNull();
    }
  });

  for (const [text, offset, found] of INVALID) {
    it(`finds the fault of ${JSON.stringify(text)} at ${offset}`, () => {
      expect(parses(text)).toBe(false);
      const fault = findJsonSyntaxFault(text);
      expect(fault?.offset).toBe(offset);
      expect(`found ${fault?.found}`).toMatch(found);
      expect(fault?.endsEarly).toBe(offset >= text.length);
    });
  }

  it('agrees with JSON.parse on 3000 seeded one-character mutations of a design-like text', () => {
    const base = JSON.stringify({
      schemaVersion: 2,
      chip: { name: 'c "q" \\ é', width: 1.5e3, height: -0.25, ok: true, no: null },
      arrays: [{ id: 'arr_1', states: { encoding: 'fill', level: 0 } }, []],
    });
    const alphabet = '{}[],:"\\ -+.0123456789eEtrufalsnx\n\u0001é';
    const rng = new Random(11);
    for (let k = 0; k < 3000; k++) {
      const at = rng.int(base.length + 1);
      const ch = alphabet[rng.int(alphabet.length)]!;
      const op = rng.int(3);
      const text =
        op === 0
          ? base.slice(0, at) + ch + base.slice(at)
          : op === 1
            ? base.slice(0, at) + base.slice(at + 1)
            : base.slice(0, at) + ch + base.slice(at + 1);
      expect({ text, valid: findJsonSyntaxFault(text) === null }).toEqual({ text, valid: parses(text) });
    }
  });

  it('scans nesting far deeper than any stack', () => {
    const n = 1_000_000;
    expect(findJsonSyntaxFault('['.repeat(n) + ']'.repeat(n))).toBeNull();
    expect(findJsonSyntaxFault('['.repeat(n) + ']'.repeat(n - 1))?.endsEarly).toBe(true);
  });

  it('names letters, digits and other characters by kind, never by value', () => {
    expect(describeCharacter('r'.charCodeAt(0))).toBe('a letter');
    expect(describeCharacter('7'.charCodeAt(0))).toBe('a digit');
    expect(describeCharacter(0x1b)).toBe('a control character');
    expect(describeCharacter(0x9b)).toBe('a control character');
    expect(describeCharacter('é'.charCodeAt(0))).toBe('a non-ASCII character');
    expect(describeCharacter('}'.charCodeAt(0))).toBe("'}'");
  });

  it('describes a fault for any reader, quoting nothing of the text', () => {
    expect(describeJsonFault('root:x:0:0', 'an input vector is a JSON list')).toBe(
      'is not JSON: it starts with a letter; an input vector is a JSON list',
    );
    expect(describeJsonFault('[0.1,\n 0.2 secret]')).toBe(
      "is not valid JSON at line 2, column 6: expected ',' or ']', found a letter",
    );
    expect(describeJsonFault('[0.1, 0.2')).toMatch(/^is not complete JSON: it ends early/);
  });
});
