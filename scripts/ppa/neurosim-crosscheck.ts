/**
 * Spinplan's chip cost of the configuration DNN+NeuroSim V1.4 is run on for the cross-check
 * (docs/results/ppa-neurosim.md): VGG-8 on 32 x 32 inputs (NeuroSim's NetWork_VGG8.csv),
 * 8-bit weights on 1-bit RRAM cells (100 kOhm / 1.7 MOhm, NeuroSim's defaults), each weight
 * bit in its own column, 128 x 128 1T1R subarrays, 8 columns per 8-bit SAR ADC, 8-bit
 * inputs read bit-serially at 0.55 V for 10 ns, 22 nm. Each layer's unrolled weight matrix
 * (k x k x Cin rows, 8 Cout bit columns) is tiled onto 128 x 128 arrays; a layer reads once
 * per output pixel with the inputs' activity measured by scripts/ppa/neurosim-traces.py.
 * Prints the energy and area shares in NeuroSim's own categories and as JSON.
 *
 *   npx tsx scripts/ppa/neurosim-crosscheck.ts NETWORK.csv ACTIVITY.json [--fom J --area-per-bit UM2]
 *     [--adc-bits 8] [--cell-bits 1] [--r-off OHM]
 *
 * --fom and --area-per-bit replace the 22 nm SAR defaults (the survey's medians), to price
 * the ADCs as NeuroSim's own SAR model does; --cell-bits 2 puts two weight bits on a
 * 4-level cell (4 columns per 8-bit weight).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ArrayRecord, Design, DeviceRecord } from '../../core/model/design.js';
import { defaultTechnology } from '../../core/model/defaults.js';
import { peripheryAt } from '../../core/model/periphery-nodes.js';
import { SCHEMA_VERSION } from '../../core/model/schema.js';
import { chipCost, type PpaArrayInput, type PpaLayerInput } from '../../core/ppa/chip-cost.js';
import type { InputActivity } from '../../core/ppa/models.js';

const { values: o, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    fom: { type: 'string' },
    'area-per-bit': { type: 'string' },
    'adc-bits': { type: 'string', default: '8' },
    'cell-bits': { type: 'string', default: '1' },
    'r-off': { type: 'string', default: '1.7e6' },
  },
});
const [networkFile, activityFile] = positionals;
const fom = o.fom;
const areaPerBit = o['area-per-bit'];
const ADC_BITS = Number(o['adc-bits']);
const CELL_BITS = Number(o['cell-bits']);
if (!networkFile || !activityFile) throw new Error('usage: neurosim-crosscheck.ts NETWORK.csv ACTIVITY.json');
const layers = readFileSync(networkFile, 'utf8')
  .trim()
  .split('\n')
  .map((l) => l.split(',').map(Number));
const activity = JSON.parse(readFileSync(activityFile, 'utf8')) as (InputActivity & { reads: number })[];

const F = 0.022; // feature size, um
const R_ON = 100e3;
const R_OFF = Number(o['r-off']);
const LEVELS = 2 ** CELL_BITS;
// Levels evenly spaced in conductance between the off and on states, as NeuroSim's multilevel cells.
const G = Array.from({ length: LEVELS }, (_, k) => 1 / R_OFF + ((1 / R_ON - 1 / R_OFF) * k) / (LEVELS - 1));
const device: DeviceRecord = {
  id: 'dev_1',
  name: `NeuroSim RRAM ${CELL_BITS} bit`,
  kind: 'measured',
  conductances: G,
  // NeuroSim's 1T1R cell: 12 F wide, 4 F high.
  footprint: { width: 12 * F, height: 4 * F },
  variation: { d2d: 0, ctc: 0, reference: 'level' },
  write: { voltage: 2, width: 10e-9, resistance: R_ON },
  programming: { set: G, reset: [...G].reverse(), thresholdVoltage: 1.5, switchingWidth: 0.05 },
  source: { title: 'DNN+NeuroSim V1.4 Param.cpp defaults (RRAM, 1 bit per cell)' },
} as DeviceRecord;

const technology = defaultTechnology();
technology.readVoltage = 0.55; // NeuroSim's 22 nm read voltage
technology.transistor.footprintWidth = 0; // the cell footprint above holds its transistor
technology.periphery = peripheryAt(22, { rowSide: 0, columnSide: 0 });
if (fom && areaPerBit && technology.periphery.adc.kind === 'sar')
  technology.periphery.adc = { ...technology.periphery.adc, fom: Number(fom), areaPerBit: Number(areaPerBit) };

const ROWS = 128;
const COLS = 127; // + the reference column: 128 physical columns, NeuroSim's subarray
const arrays: ArrayRecord[] = [];
const ppaLayers: PpaLayerInput[] = [];
layers.forEach(([, , cin, kh, kw, cout], l) => {
  const rows = kh! * kw! * cin!;
  const bitColumns = (8 / CELL_BITS) * cout!;
  const list: PpaArrayInput[] = [];
  for (let r = 0; r < rows; r += ROWS)
    for (let c = 0; c < bitColumns; c += COLS) {
      const usedRows = Math.min(ROWS, rows - r);
      const usedCols = Math.min(COLS, bitColumns - c);
      const array: ArrayRecord = {
        id: `arr_${arrays.length + 1}`,
        name: `L${l} r${r} c${c}`,
        x: 0,
        y: 0,
        rotation: 0,
        rows: ROWS,
        cols: COLS,
        topology: 'cell-transistor',
        device: device.id,
        mapping: 'reference',
        driverSide: 'left',
        dacBits: 8,
        adcBits: ADC_BITS,
        states: { encoding: 'fill', level: 0 },
        tile: { layer: l, rowOffset: r, colOffset: c },
      };
      arrays.push(array);
      // Random weight bits: every level equally likely in the data cells; the reference column off.
      const conductance = usedRows * ((usedCols * G.reduce((x, g) => x + g, 0)) / LEVELS + 1 / R_OFF);
      list.push({ array, device, usedRows, usedCols, conductance });
    }
  const a = activity[l]!;
  ppaLayers.push({
    layer: l,
    inputs: rows,
    outputs: bitColumns,
    hostedWeights: rows * cout!, // operations count weights, not their bits
    reads: a.reads,
    arrays: list,
    activity: { meanCode: a.meanCode, meanSquare: a.meanSquare, bitDensity: a.bitDensity },
  });
});
const design: Design = {
  schemaVersion: SCHEMA_VERSION,
  chip: { name: 'VGG-8 as NeuroSim maps it', width: 1e6, height: 1e6, units: 'um', grid: 1 },
  technology,
  devices: [device],
  arrays,
};
const r = chipCost(design, ppaLayers, { readPulse: 10e-9 });
const e = r.perInference.energyByComponent;
const a = r.area.byComponent;
// NeuroSim's categories: "ADC" holds the array's read, the sense amplifiers and the ADCs;
// "accumulation" the adders and shift-adds; "other" decoders, drivers, mux, buffers, IC.
const energy = { adc: e.array + e.adc + e.sense, accumulation: e.digital, other: e.input + e.rowDriver + e.buffer };
const dynamic = energy.adc + energy.accumulation + energy.other;
const area = { array: a.array, adc: a.adc + a.sense, accumulation: a.digital, other: a.input + a.rowDriver + a.buffer };
const total = area.array + area.adc + area.accumulation + area.other;
const pct = (v: number, of: number) => `${((100 * v) / of).toFixed(1)} %`;
console.log(
  `arrays: ${arrays.length}; dynamic energy ${(dynamic * 1e12).toFixed(0)} pJ per image, leakage ${(e.leakage * 1e12).toFixed(0)} pJ`,
);
console.log(
  `energy: ADC (with array read and sense) ${pct(energy.adc, dynamic)}, accumulation ${pct(energy.accumulation, dynamic)}, other ${pct(energy.other, dynamic)}`,
);
console.log(
  `  of which: array read ${pct(e.array, dynamic)}, ADC ${pct(e.adc, dynamic)}, sense ${pct(e.sense, dynamic)}, input drivers ${pct(e.input, dynamic)}, row decoders ${pct(e.rowDriver, dynamic)}, buffers ${pct(e.buffer, dynamic)}`,
);
console.log(
  `area ${(total * 1e12).toExponential(4)} um^2: CIM array ${pct(area.array, total)}, ADC ${pct(area.adc, total)}, accumulation ${pct(area.accumulation, total)}, other ${pct(area.other, total)}`,
);
const conversions = r.layers.reduce((n, l) => n + l.conversions, 0);
console.log(
  `latency ${(r.perInference.latency * 1e9).toFixed(0)} ns, ${r.topsPerWatt.toFixed(2)} TOPS/W, ${conversions.toExponential(3)} conversions, ${r.layers.reduce((n, l) => n + l.adcs, 0)} ADCs`,
);
console.log(
  JSON.stringify({
    energy,
    area,
    dynamic,
    leakage: e.leakage,
    latency: r.perInference.latency,
    topsPerWatt: r.topsPerWatt,
    arrays: arrays.length,
  }),
);
