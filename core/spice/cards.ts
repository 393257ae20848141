/**
 * One function per SPICE card. Each returns the card's line(s) and knows nothing about
 * deck order, which deck.ts owns. Numbers are written in JavaScript's shortest
 * round-trip form, so ngspice reads back exactly the double the solver used.
 */
export const num = (v: number): string => String(v);

export const comment = (text: string): string => `* ${text}`;

export const resistor = (name: string, a: string, b: string, ohms: number): string => `${name} ${a} ${b} ${num(ohms)}`;

/** Resistor whose value is a parameter expression evaluated by ngspice. */
export const resistorExpr = (name: string, a: string, b: string, expr: string): string => `${name} ${a} ${b} {${expr}}`;

/** Behavioural current source (ngspice B element): current `expr` flows from a through the element to b. */
export const behaviouralCurrent = (name: string, a: string, b: string, expr: string): string => `${name} ${a} ${b} I = ${expr}`;

/** Simulator options card. */
export const options = (values: Readonly<Record<string, number>>): string =>
  `.options ${Object.entries(values)
    .map(([k, v]) => `${k}=${num(v)}`)
    .join(' ')}`;

export const dcSource = (name: string, plus: string, minus: string, volts: number): string =>
  `${name} ${plus} ${minus} DC ${num(volts)}`;

export function instance(
  name: string,
  nodes: readonly string[],
  subckt: string,
  params: Readonly<Record<string, string | number>> = {},
): string {
  // Written once per cell, millions of times in a large deck: plain concatenation, no intermediate arrays.
  let card = name;
  for (const node of nodes) card += ` ${node}`;
  card += ` ${subckt}`;
  for (const [k, v] of Object.entries(params)) card += ` ${k}=${typeof v === 'number' ? num(v) : v}`;
  return card;
}

/** Level-1 MOSFET, bulk tied to the source-side reference given. */
export const mosfet = (
  name: string,
  drain: string,
  gate: string,
  source: string,
  bulk: string,
  model: string,
  widthM: number,
  lengthM: number,
): string => `${name} ${drain} ${gate} ${source} ${bulk} ${model} w=${num(widthM)} l=${num(lengthM)}`;

export const model = (name: string, type: string, params: Readonly<Record<string, number>>): string =>
  `.model ${name} ${type} (${Object.entries(params)
    .map(([k, v]) => `${k}=${num(v)}`)
    .join(' ')})`;

export function subckt(
  name: string,
  ports: readonly string[],
  params: Readonly<Record<string, number>>,
  body: readonly string[],
): string[] {
  const defaults = Object.entries(params).map(([k, v]) => `${k}=${num(v)}`);
  return [[`.subckt ${name}`, ...ports, ...defaults].join(' '), ...body, `.ends ${name}`];
}

/**
 * Runs the operating point in batch mode and prints every wanted vector with 12 digits; `quit 0` makes `ngspice -b` exit 0.
 * A generator, because a large design prints millions of currents.
 */
export function* controlBlock(prints: Iterable<string>): Generator<string> {
  yield* ['.control', 'set numdgt=12', 'op'];
  for (const p of prints) yield `print ${p}`;
  yield* ['quit 0', '.endc'];
}
