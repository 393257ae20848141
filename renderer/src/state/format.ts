import { engineering } from '../../../core/model/units.js';

/** Values as the UI shows them: engine units (SI, µm for geometry) converted at this edge. */

/** The last part of a file path (either separator: Windows paths come from Electron). */
export const baseName = (file: string): string => file.split(/[\\/]/).pop() ?? file;

/** An area given in µm², in mm² from 1 mm² up. */
export const formatArea = (um2: number): string =>
  um2 >= 1e6 ? `${(um2 / 1e6).toFixed(3)} mm²` : `${Math.round(um2).toLocaleString('en')} µm²`;

/** A conductance given in siemens, in mS or µS, three significant digits. */
export const formatConductance = (g: number): string =>
  g >= 1e-3 ? `${(g * 1e3).toPrecision(3)} mS` : `${(g * 1e6).toPrecision(3)} µS`;

/** An SI value with an engineering prefix and the micro sign: 1.85e-3 W -> "1.85 mW", 2.2e-5 W -> "22 µW". */
export const formatSi = (value: number, unit: string): string => engineering(value, unit).replace(/ u(?=\S)/, ' µ');

/** A count with its noun, singular for one: "1 array", "3 arrays". */
export const plural = (n: number, noun: string, nouns = `${noun}s`): string =>
  `${n.toLocaleString('en')} ${n === 1 ? noun : nouns}`;
