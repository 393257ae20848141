/** Values as the UI shows them: engine units (SI, µm for geometry) converted at this edge. */

/** The last part of a file path (either separator: Windows paths come from Electron). */
export const baseName = (file: string): string => file.split(/[\\/]/).pop() ?? file;

/** An area given in µm², in mm² from 1 mm² up. */
export const formatArea = (um2: number): string =>
  um2 >= 1e6 ? `${(um2 / 1e6).toFixed(3)} mm²` : `${Math.round(um2).toLocaleString('en')} µm²`;

/** A conductance given in siemens, in mS or µS, three significant digits. */
export const formatConductance = (g: number): string =>
  g >= 1e-3 ? `${(g * 1e3).toPrecision(3)} mS` : `${(g * 1e6).toPrecision(3)} µS`;
