import type { Design } from '../model/design.js';
import { DBU_PER_UM, gdsLibrary, type Box, type GdsLibrary } from './gds-library.js';
import { GDS_VERSION, GdsWriter, RECORD } from './gds-stream.js';
import { FLOORPLAN_LAYERS } from './layers.js';

export interface GdsOptions {
  /** Written as the library's and each structure's modification and access time (UTC). */
  time: Date;
}

/** Text anchored at its centre: vertical "middle" (01) in bits 12-13, horizontal "centre" (01) in bits 14-15. */
const CENTRED = 0b0101;

/** The floorplan of a design as a GDSII stream: die, array blocks, periphery and names on the documented layers. */
export function floorplanGds(design: Design, options: GdsOptions): Uint8Array {
  return writeGds(gdsLibrary(design), design.chip.name, options.time);
}

export function writeGds(library: GdsLibrary, libraryName: string, time: Date): Uint8Array {
  const w = new GdsWriter();
  const stamp = timestamp(time);
  w.int2(RECORD.HEADER, [GDS_VERSION]);
  w.int2(RECORD.BGNLIB, [...stamp, ...stamp]);
  w.ascii(RECORD.LIBNAME, libraryName.slice(0, 120));
  // User unit: 1 um, so a database unit is 1e-3 user units and 1e-9 m.
  w.real8(RECORD.UNITS, [1 / DBU_PER_UM, 1e-9]);
  for (const s of library.structures) {
    beginStructure(w, s.name, stamp);
    for (const { layer, box } of s.boxes) boundary(w, layer, box);
    w.empty(RECORD.ENDSTR);
  }
  beginStructure(w, library.top, stamp);
  boundary(w, 'die', library.die);
  for (const i of library.instances) {
    w.empty(RECORD.SREF);
    w.ascii(RECORD.SNAME, i.structure);
    if (i.angle !== 0) {
      w.bits(RECORD.STRANS, 0);
      w.real8(RECORD.ANGLE, [i.angle]);
    }
    w.int4(RECORD.XY, [i.origin.x, i.origin.y]);
    w.empty(RECORD.ENDEL);
  }
  for (const t of library.texts) {
    const { layer, datatype } = FLOORPLAN_LAYERS[t.layer];
    w.empty(RECORD.TEXT);
    w.int2(RECORD.LAYER, [layer]);
    w.int2(RECORD.TEXTTYPE, [datatype]);
    w.bits(RECORD.PRESENTATION, CENTRED);
    w.bits(RECORD.STRANS, 0);
    // MAG of a text is its height in user units (micrometres).
    w.real8(RECORD.MAG, [t.height / DBU_PER_UM]);
    w.int4(RECORD.XY, [t.at.x, t.at.y]);
    w.ascii(RECORD.STRING, t.text);
    w.empty(RECORD.ENDEL);
  }
  w.empty(RECORD.ENDSTR);
  w.empty(RECORD.ENDLIB);
  return w.bytes();
}

function beginStructure(w: GdsWriter, name: string, stamp: readonly number[]): void {
  w.int2(RECORD.BGNSTR, [...stamp, ...stamp]);
  w.ascii(RECORD.STRNAME, name);
}

function boundary(w: GdsWriter, key: keyof typeof FLOORPLAN_LAYERS, b: Box): void {
  const { layer, datatype } = FLOORPLAN_LAYERS[key];
  w.empty(RECORD.BOUNDARY);
  w.int2(RECORD.LAYER, [layer]);
  w.int2(RECORD.DATATYPE, [datatype]);
  // A closed polygon: the first point again at the end, counter-clockwise.
  w.int4(RECORD.XY, [b.x0, b.y0, b.x1, b.y0, b.x1, b.y1, b.x0, b.y1, b.x0, b.y0]);
  w.empty(RECORD.ENDEL);
}

/** Year, month, day, hour, minute, second (UTC), as BGNLIB and BGNSTR hold them. */
function timestamp(t: Date): number[] {
  return [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds()];
}
