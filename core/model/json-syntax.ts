/**
 * Where and why a text is not JSON, for files JSON.parse refused. JSON.parse's own
 * messages quote the text around the fault ("Unexpected token 'r', "root:$y$j9"... is
 * not valid JSON"), which would print the first bytes of any file the user pointed at,
 * a password file included, and give no position for most faults. This scanner finds
 * the first fault itself and describes what it found by its kind (a letter, a digit),
 * never by its text, except for JSON's own punctuation. It keeps an explicit stack, so
 * any nesting depth is fine.
 */
export interface JsonSyntaxFault {
  /** Offset of the fault in the text (UTF-16 code units, like String.prototype.slice). */
  offset: number;
  /** What JSON allows at that point, e.g. "',' or '}'". */
  expected: string;
  /** What is there instead, described without quoting the file. */
  found: string;
  /** The text ends before the JSON value does. */
  endsEarly: boolean;
}

/**
 * Why a text JSON.parse refused is not JSON, for any reader of user files (designs, input
 * vectors, weights, reports): where and what, quoting nothing of it. `first` is said after
 * a fault at the very start (the file is not JSON at all), e.g. what the file should be.
 */
export function describeJsonFault(text: string, first = ''): string {
  const fault = findJsonSyntaxFault(text);
  if (!fault) return 'is not valid JSON';
  if (fault.endsEarly) return 'is not complete JSON: it ends early (was it truncated while saving or copying?)';
  const start = /\S/.exec(text)?.index ?? 0;
  if (fault.offset === start) return `is not JSON: it starts with ${fault.found}${first ? `; ${first}` : ''}`;
  const before = text.slice(0, fault.offset);
  const line = before.split('\n').length;
  const column = fault.offset - before.lastIndexOf('\n');
  return `is not valid JSON at line ${line}, column ${column}: expected ${fault.expected}, found ${fault.found}`;
}

type Want = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'comma-or-close' | 'end';

const OBJECT = 1;
const ARRAY = 0;

/** The first syntax fault of `text` as JSON, or null when it is valid JSON. */
export function findJsonSyntaxFault(text: string): JsonSyntaxFault | null {
  const stack: number[] = [];
  const n = text.length;
  let i = 0;
  let want: Want = 'value';
  const after = (): Want => (stack.length === 0 ? 'end' : 'comma-or-close');
  const fault = (offset: number, expected: string, found?: string): JsonSyntaxFault => ({
    offset,
    expected,
    found: found ?? (offset >= n ? 'the end of the file' : describeCharacter(text.charCodeAt(offset))),
    endsEarly: offset >= n,
  });

  for (;;) {
    while (i < n && isWhitespace(text.charCodeAt(i))) i++;
    if (i >= n) return want === 'end' ? null : fault(i, EXPECTED[want](stack));
    const c = text.charCodeAt(i);
    switch (want) {
      case 'end':
        return fault(i, 'nothing after the end of the JSON value');
      case 'colon':
        if (c !== COLON) return fault(i, "':' after the field name");
        i++;
        want = 'value';
        break;
      case 'key':
      case 'key-or-close':
        if (want === 'key-or-close' && c === CLOSE_BRACE) {
          stack.pop();
          i++;
          want = after();
        } else if (c === QUOTE) {
          const end = scanString(text, i);
          if (typeof end !== 'number') return end;
          i = end;
          want = 'colon';
        } else return fault(i, EXPECTED[want](stack));
        break;
      case 'comma-or-close': {
        const inObject = stack[stack.length - 1] === OBJECT;
        if (c === COMMA) {
          i++;
          want = inObject ? 'key' : 'value';
        } else if (c === (inObject ? CLOSE_BRACE : CLOSE_BRACKET)) {
          stack.pop();
          i++;
          want = after();
        } else return fault(i, EXPECTED[want](stack));
        break;
      }
      case 'value':
      case 'value-or-close': {
        if (want === 'value-or-close' && c === CLOSE_BRACKET) {
          stack.pop();
          i++;
          want = after();
          break;
        }
        if (c === OPEN_BRACE) {
          stack.push(OBJECT);
          i++;
          want = 'key-or-close';
          break;
        }
        if (c === OPEN_BRACKET) {
          stack.push(ARRAY);
          i++;
          want = 'value-or-close';
          break;
        }
        if (c === QUOTE) {
          const end = scanString(text, i);
          if (typeof end !== 'number') return end;
          i = end;
        } else if (c === MINUS || isDigit(c)) {
          const end = scanNumber(text, i);
          if (typeof end !== 'number') return end;
          i = end;
        } else {
          const literal = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
          if (!literal) return fault(i, EXPECTED[want](stack));
          i += literal.length;
        }
        want = after();
        break;
      }
    }
  }
}

const EXPECTED: Record<Want, (stack: readonly number[]) => string> = {
  value: () => 'a value (an object, list, string, number, true, false or null)',
  'value-or-close': () => "a value or ']'",
  key: () => 'a field name in double quotes',
  'key-or-close': () => "a field name in double quotes or '}'",
  colon: () => "':'",
  'comma-or-close': (stack) => (stack[stack.length - 1] === OBJECT ? "',' or '}'" : "',' or ']'"),
  end: () => 'the end of the file',
};

/** Offset just past the string starting at `start` (a quote), or the fault inside it. */
function scanString(text: string, start: number): number | JsonSyntaxFault {
  const n = text.length;
  for (let i = start + 1; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i + 1;
    if (c < 0x20)
      return {
        offset: i,
        expected: "a closing '\"' or text (inside a string, line breaks and tabs are written \\n and \\t)",
        found: describeCharacter(c),
        endsEarly: false,
      };
    if (c === BACKSLASH) {
      const e = text.charCodeAt(i + 1);
      if (e === 0x75 /* u */) {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
          return {
            offset: i,
            expected: 'four hexadecimal digits after \\u',
            found: i + 6 > n ? 'the end of the file' : 'something else',
            endsEarly: i + 6 > n,
          };
        i += 5;
      } else if (ESCAPES.has(e)) i++;
      else
        return {
          offset: i,
          expected: 'an escape: \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX',
          found: i + 1 >= n ? 'the end of the file' : `a backslash before ${describeCharacter(e)}`,
          endsEarly: i + 1 >= n,
        };
    }
  }
  return { offset: n, expected: "the closing '\"' of a string", found: 'the end of the file', endsEarly: true };
}

/** Offset just past the number starting at `start`, or its fault: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)? */
function scanNumber(text: string, start: number): number | JsonSyntaxFault {
  let i = start;
  const digits = (what: string): JsonSyntaxFault | null => {
    if (!isDigit(text.charCodeAt(i)))
      return {
        offset: i,
        expected: what,
        found: i >= text.length ? 'the end of the file' : describeCharacter(text.charCodeAt(i)),
        endsEarly: i >= text.length,
      };
    while (isDigit(text.charCodeAt(i))) i++;
    return null;
  };
  if (text.charCodeAt(i) === MINUS) i++;
  if (text.charCodeAt(i) === 0x30) i++;
  else {
    const f = digits('a digit after the minus sign');
    if (f) return f;
  }
  if (text.charCodeAt(i) === 0x2e /* . */) {
    i++;
    const f = digits('a digit after the decimal point');
    if (f) return f;
  }
  const e = text.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === 0x2b || sign === MINUS) i++;
    const f = digits('a digit in the exponent');
    if (f) return f;
  }
  return i;
}

/**
 * A character named by its kind. JSON's punctuation and other ASCII symbols are shown
 * (they say where a comma or quote went missing and reveal nothing); letters, digits
 * and everything else are not, so no word of the file is ever echoed.
 */
export function describeCharacter(c: number): string {
  if (c < 0x20 || c === 0x7f || (c >= 0x80 && c <= 0x9f)) return 'a control character';
  if (c === 0xfeff) return 'a byte order mark';
  if (c >= 0x80) return 'a non-ASCII character';
  if (isDigit(c)) return 'a digit';
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return 'a letter';
  if (c === 0x20) return 'a space';
  return `'${String.fromCharCode(c)}'`;
}

const isWhitespace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
/** The one-character escapes after a backslash: " \ / b f n r t. */
const ESCAPES = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);
