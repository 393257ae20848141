import { describe, expect, it } from 'vitest';
import { findDevice } from '../model/design.js';
import { arrayLayout, arrayPlacement, localToDie } from '../model/geometry.js';
import { parseDesignValue } from '../model/validate.js';
import { arrayBlocks } from './floorplan-blocks.js';
import { sampleFloorplan } from './fixtures/sample-floorplan.js';
import { floorplanGds } from './gds.js';
import { gdsLibrary, structureName } from './gds-library.js';
import { DATA, encodeReal8, GdsWriter, RECORD, utf8 } from './gds-stream.js';
import { FLOORPLAN_LAYERS, type FloorplanLayerKey } from './layers.js';

/** A GDSII reader for these tests only: records, then the structures and elements they hold. */
interface Rec {
  type: number;
  dataType: number;
  data: DataView;
}

function records(bytes: Uint8Array): Rec[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Rec[] = [];
  for (let at = 0; at < bytes.length;) {
    const length = view.getUint16(at);
    if (length < 4 || length % 2 !== 0 || at + length > bytes.length) throw new Error(`bad record length ${length} at ${at}`);
    out.push({
      type: bytes[at + 2]!,
      dataType: bytes[at + 3]!,
      data: new DataView(bytes.buffer, bytes.byteOffset + at + 4, length - 4),
    });
    at += length;
  }
  return out;
}

function decodeReal8(d: DataView, at: number): number {
  const first = d.getUint8(at);
  let mantissa = 0;
  for (let i = 1; i < 8; i++) mantissa = mantissa * 256 + d.getUint8(at + i);
  const value = (mantissa / 2 ** 56) * 16 ** ((first & 0x7f) - 64);
  return first & 0x80 ? -value : value;
}

const ints = (r: Rec, size: 2 | 4) =>
  Array.from({ length: r.data.byteLength / size }, (_, i) => (size === 2 ? r.data.getInt16(i * 2) : r.data.getInt32(i * 4)));
const reals = (r: Rec) => Array.from({ length: r.data.byteLength / 8 }, (_, i) => decodeReal8(r.data, i * 8));
const text = (r: Rec) => {
  const bytes = new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength);
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(end < 0 ? bytes : bytes.subarray(0, end));
};

interface Element {
  kind: 'BOUNDARY' | 'SREF' | 'TEXT';
  layer?: number;
  datatype?: number;
  xy: number[];
  sname?: string;
  angle?: number;
  mag?: number;
  presentation?: number;
  string?: string;
}
interface Library {
  header: number;
  libName: string;
  units: number[];
  structures: Map<string, Element[]>;
}

/** Reads a stream into its structures, checking the record grammar as it goes. */
function readGds(bytes: Uint8Array): Library {
  const recs = records(bytes);
  let i = 0;
  const next = (type: number, dataType: number) => {
    const r = recs[i++];
    if (!r || r.type !== type || r.dataType !== dataType)
      throw new Error(`record ${i - 1}: expected ${type}/${dataType}, found ${r?.type}/${r?.dataType}`);
    return r;
  };
  const header = ints(next(RECORD.HEADER, DATA.int2), 2)[0]!;
  expect(ints(next(RECORD.BGNLIB, DATA.int2), 2)).toHaveLength(12);
  const libName = text(next(RECORD.LIBNAME, DATA.ascii));
  const units = reals(next(RECORD.UNITS, DATA.real8));
  const structures = new Map<string, Element[]>();
  while (recs[i]?.type === RECORD.BGNSTR) {
    expect(ints(next(RECORD.BGNSTR, DATA.int2), 2)).toHaveLength(12);
    const name = text(next(RECORD.STRNAME, DATA.ascii));
    const elements: Element[] = [];
    while (recs[i]?.type !== RECORD.ENDSTR) {
      const start = recs[i++]!;
      const kind = ({ [RECORD.BOUNDARY]: 'BOUNDARY', [RECORD.SREF]: 'SREF', [RECORD.TEXT]: 'TEXT' } as const)[start.type];
      if (!kind) throw new Error(`unexpected record ${start.type} in ${name}`);
      const e: Element = { kind, xy: [] };
      for (let r = recs[i++]!; r.type !== RECORD.ENDEL; r = recs[i++]!) {
        if (r.type === RECORD.LAYER) e.layer = ints(r, 2)[0];
        else if (r.type === RECORD.DATATYPE || r.type === RECORD.TEXTTYPE) e.datatype = ints(r, 2)[0];
        else if (r.type === RECORD.XY) e.xy = ints(r, 4);
        else if (r.type === RECORD.SNAME) e.sname = text(r);
        else if (r.type === RECORD.ANGLE) e.angle = reals(r)[0];
        else if (r.type === RECORD.MAG) e.mag = reals(r)[0];
        else if (r.type === RECORD.PRESENTATION) e.presentation = r.data.getUint16(0);
        else if (r.type === RECORD.STRING) e.string = text(r);
        else if (r.type === RECORD.STRANS) expect(r.data.getUint16(0)).toBe(0);
        else throw new Error(`unexpected record ${r.type} in an element of ${name}`);
      }
      elements.push(e);
    }
    next(RECORD.ENDSTR, DATA.none);
    structures.set(name, elements);
  }
  next(RECORD.ENDLIB, DATA.none);
  expect(i).toBe(recs.length);
  return { header, libName, units, structures };
}

const TIME = new Date(Date.UTC(2026, 11, 2, 8, 30, 5));
const layerOf = (key: FloorplanLayerKey) => [FLOORPLAN_LAYERS[key].layer, FLOORPLAN_LAYERS[key].datatype];

describe('GDSII reals (8 bytes, excess-64, base 16)', () => {
  it('writes values worked out by hand from the format, and the nearest 56-bit value of 1e-3 and 1e-9', () => {
    const hex = (v: number) => Array.from(encodeReal8(v), (b) => b.toString(16).padStart(2, '0')).join('');
    // 1 = 1/16 * 16^1: exponent 65 (0x41), mantissa 0x10...; 0.5 = 8/16 * 16^0; 90 = 0x5a/256 * 16^2.
    expect(hex(1)).toBe('4110000000000000');
    expect(hex(0.5)).toBe('4080000000000000');
    expect(hex(90)).toBe('425a000000000000');
    expect(hex(-2)).toBe('c120000000000000');
    expect(hex(0)).toBe('0000000000000000');
    // 0.001 = 0.256 * 16^-2, 0.256 * 2^56 = 0x4189374bc6a7ef.9db...: rounded (writers that truncate give ...ef).
    expect(hex(1e-3)).toBe('3e4189374bc6a7f0');
    expect(hex(1e-9)).toBe('3944b82fa09b5a54');
  });

  it('round-trips doubles exactly, and refuses what the format cannot hold', () => {
    for (const v of [1e-3, 1e-9, 1 / 3, -123.456, 270, 2 ** -200, 1e70, -7e-78]) {
      const bytes = encodeReal8(v);
      expect(decodeReal8(new DataView(bytes.buffer), 0)).toBe(v);
    }
    expect(() => encodeReal8(1e300)).toThrow(/outside the range/);
    expect(() => encodeReal8(1e-80)).toThrow(/outside the range/);
    expect(() => encodeReal8(Number.NaN)).toThrow(/finite/);
  });
});

describe('GDSII records', () => {
  it('pads text to an even length with a NUL, writes UTF-8, and refuses out-of-range integers', () => {
    const w = new GdsWriter();
    w.ascii(RECORD.STRNAME, 'ABC');
    w.ascii(RECORD.STRING, 'µ');
    const bytes = w.bytes();
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0, 8, RECORD.STRNAME, DATA.ascii, 0x41, 0x42, 0x43, 0]);
    expect(Array.from(bytes.subarray(8))).toEqual([0, 6, RECORD.STRING, DATA.ascii, 0xc2, 0xb5]);
    expect(Array.from(utf8('a€😀'))).toEqual([0x61, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]);
    expect(() => w.int4(RECORD.XY, [2 ** 31])).toThrow(/4-byte coordinate/);
    expect(() => w.int2(RECORD.LAYER, [1.5])).toThrow(/2-byte integer/);
  });

  it('names structures with the characters GDSII allows, at most 32 of them', () => {
    expect(structureName('MNIST 784x128 layer on 3-cell compound SOT-MTJ arrays', 'X')).toBe('MNIST_784x128_layer_on_3_cell_co');
    expect(structureName('  ***  ', 'FLOORPLAN')).toBe('FLOORPLAN');
  });
});

describe('floorplan GDSII', () => {
  const design = sampleFloorplan();

  it('is a valid design to start from', () => {
    const parsed = parseDesignValue(JSON.parse(JSON.stringify(design)));
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
  });

  it('holds the die, one structure per array layout placed by SREF with its turn, and each name as centred TEXT', () => {
    const lib = readGds(floorplanGds(design, { time: TIME }));
    expect(lib.header).toBe(600);
    expect(lib.libName).toBe('export sample');
    expect(lib.units[0]).toBe(1e-3);
    expect(lib.units[1]).toBe(1e-9);

    const plan = gdsLibrary(design);
    // Two arrays share a layout (arr_1, arr_2): four structures and the top one.
    expect([...lib.structures.keys()]).toEqual([...plan.structures.map((s) => s.name), 'export_sample']);
    expect(plan.structures.map((s) => s.name)).toEqual(['ARRAY_8X8_RT_L', 'ARRAY_8X8_P_B', 'ARRAY_8X5_CT_R', 'ARRAY_6X6_RT_B']);
    const top = lib.structures.get('export_sample')!;
    const [die, ...rest] = top;
    expect(die).toEqual({
      kind: 'BOUNDARY',
      layer: 100,
      datatype: 0,
      xy: [
        0,
        0,
        design.chip.width * 1000,
        0,
        design.chip.width * 1000,
        design.chip.height * 1000,
        0,
        design.chip.height * 1000,
        0,
        0,
      ],
    });
    const srefs = rest.filter((e) => e.kind === 'SREF');
    expect(srefs.map((e) => [e.sname, e.angle ?? 0])).toEqual([
      ['ARRAY_8X8_RT_L', 0],
      ['ARRAY_8X8_RT_L', 270],
      ['ARRAY_8X8_P_B', 180],
      ['ARRAY_8X5_CT_R', 90],
      ['ARRAY_6X6_RT_B', 0],
    ]);
    const texts = rest.filter((e) => e.kind === 'TEXT');
    expect(texts.map((t) => [t.string, t.layer, t.datatype, t.presentation])).toEqual(
      design.arrays.map((a) => [a.name, 163, 0, 0b0101]),
    );
    expect(texts.every((t) => t.mag! > 0)).toBe(true);
  });

  it("puts every block where the design's geometry has it on the die (y flipped), through the instance transforms", () => {
    const lib = readGds(floorplanGds(design, { time: TIME }));
    const top = lib.structures.get('export_sample')!;
    const srefs = top.filter((e) => e.kind === 'SREF');
    const dieH = design.chip.height * 1000;
    design.arrays.forEach((array, k) => {
      const layout = arrayLayout(design, array, findDevice(design, array.device)!);
      const placement = arrayPlacement(array, layout.size);
      const sref = srefs[k]!;
      // The stream's own transform: a turn by ANGLE (counter-clockwise), then the origin.
      const turn = ((sref.angle ?? 0) * Math.PI) / 180;
      const [c, s] = [Math.round(Math.cos(turn)), Math.round(Math.sin(turn))];
      const place = (x: number, y: number) => [sref.xy[0]! + c * x - s * y, sref.xy[1]! + s * x + c * y];
      const got = lib.structures
        .get(sref.sname!)!
        .map((e) => {
          const [x0, y0] = place(e.xy[0]!, e.xy[1]!);
          const [x1, y1] = place(e.xy[4]!, e.xy[5]!);
          return [e.layer, e.datatype, Math.min(x0!, x1!), Math.min(y0!, y1!), Math.max(x0!, x1!), Math.max(y0!, y1!)];
        })
        .sort();
      const want = arrayBlocks(layout)
        .map(({ layer, rect }) => {
          const a = localToDie(placement, rect);
          const b = localToDie(placement, { x: rect.x + rect.width, y: rect.y + rect.height });
          const nm = (v: number) => Math.round(v * 1000);
          return [
            ...layerOf(layer),
            nm(Math.min(a.x, b.x)),
            dieH - nm(Math.max(a.y, b.y)),
            nm(Math.max(a.x, b.x)),
            dieH - nm(Math.min(a.y, b.y)),
          ];
        })
        .sort();
      expect(got, array.id).toEqual(want);
    });
  });

  it('splits a driver band into drivers and the row transistors next to the cells, on either side', () => {
    const array = design.arrays[4]!;
    const layout = arrayLayout(design, array, findDevice(design, array.device)!);
    expect(layout.rowTransistor).toBeGreaterThan(0);
    const blocks = arrayBlocks(layout).map((b) => [b.layer, b.rect.x, b.rect.x + b.rect.width]);
    const [left, right] = layout.drivers;
    expect(blocks).toEqual([
      ['arrayBoundary', 0, layout.size.width],
      ['cells', layout.cells.x, layout.cells.x + layout.cells.width],
      ['rowDrivers', 0, left!.width - layout.rowTransistor],
      ['rowTransistors', left!.width - layout.rowTransistor, left!.width],
      ['rowDrivers', right!.x + layout.rowTransistor, right!.x + right!.width],
      ['rowTransistors', right!.x, right!.x + layout.rowTransistor],
      ['columnPeriphery', layout.sense.x, layout.sense.x + layout.sense.width],
    ]);
  });

  it('is the same stream for the same design and time', () => {
    expect(floorplanGds(design, { time: TIME })).toEqual(floorplanGds(structuredClone(design), { time: TIME }));
  });
});
