/**
 * Branded SI quantities. The engine works in SI only; files and the UI speak micrometres,
 * kilo-ohms or percent, and convert at their edge through the helpers below.
 */
declare const unit: unique symbol;
type Quantity<U extends string> = number & { readonly [unit]: U };

export type Ohms = Quantity<'ohm'>;
export type Siemens = Quantity<'siemens'>;
export type Volts = Quantity<'volt'>;
export type Amps = Quantity<'ampere'>;
export type Meters = Quantity<'meter'>;
export type SquareMeters = Quantity<'square-meter'>;
export type Seconds = Quantity<'second'>;
export type Joules = Quantity<'joule'>;
export type Kelvin = Quantity<'kelvin'>;

export const ohms = (v: number): Ohms => v as Ohms;
export const siemens = (v: number): Siemens => v as Siemens;
export const volts = (v: number): Volts => v as Volts;
export const amps = (v: number): Amps => v as Amps;
export const seconds = (v: number): Seconds => v as Seconds;
export const joules = (v: number): Joules => v as Joules;
export const kelvin = (v: number): Kelvin => v as Kelvin;

/** Lengths in design files are micrometres. */
export const MICROMETRE = 1e-6;
export const fromMicrometres = (um: number): Meters => (um * MICROMETRE) as Meters;
export const toMicrometres = (m: Meters): number => m / MICROMETRE;
export const squareMicrometresToSI = (um2: number): SquareMeters => (um2 * 1e-12) as SquareMeters;

export const conductanceOf = (r: Ohms): Siemens => (1 / r) as Siemens;
export const resistanceOf = (g: Siemens): Ohms => (1 / g) as Ohms;

/** Engineering notation for people: 25200 -> "25.2 k", 1.5e-6 -> "1.5 u". */
export function engineering(value: number, unitSymbol: string, digits = 3): string {
  if (value === 0 || !Number.isFinite(value)) return `${value} ${unitSymbol}`;
  const prefixes: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
    [1, ''],
    [1e-3, 'm'],
    [1e-6, 'u'],
    [1e-9, 'n'],
    [1e-12, 'p'],
    [1e-15, 'f'],
  ];
  const abs = Math.abs(value);
  const [scale, prefix] = prefixes.find(([s]) => abs >= s) ?? prefixes[prefixes.length - 1]!;
  return `${Number((value / scale).toPrecision(digits))} ${prefix}${unitSymbol}`;
}
