import type { ArrayRecord, Design, DeviceRecord } from '../model/design.js';
import { areaSummary, arrayLayout } from '../model/geometry.js';
import { accumulatorBits, adcCount, adcOf, arrayPeripheryArea, inputOf, senseOf } from './array-area.js';
import type { InputActivity } from './models.js';
import { programmingCost } from './program.js';
import {
  AREA_COMPONENTS,
  ENERGY_COMPONENTS,
  type AreaComponent,
  type ByComponent,
  type EnergyComponent,
  type PpaLayer,
  type PpaReport,
} from './report.js';

/** One array hosting a tile of a layer, as the cost model sees it. */
export interface PpaArrayInput {
  array: ArrayRecord;
  device: DeviceRecord;
  usedRows: number;
  /** Weight columns used. */
  usedCols: number;
  /** Sum of the device conductances over the used rows and physical columns, siemens (the analog read's load). */
  conductance: number;
  /** Target level of every physical cell (rows x physical columns), to price programming; absent: not priced. */
  levels?: Uint8Array;
}

export interface PpaLayerInput {
  layer: number;
  inputs: number;
  outputs: number;
  /** Weights the arrays hold (the operations counted). */
  hostedWeights: number;
  /** Matrix-vector products per inference: 1 for a fully connected layer, the output pixels of a convolution. */
  reads: number;
  arrays: PpaArrayInput[];
  activity: InputActivity;
  /** The cells' read energy of one analog read at the DAC voltages (V^T Y V x readPulse) summed over the arrays, from the circuit. */
  measuredArrayEnergy?: number;
}

export const OPS_COUNTING =
  '2 operations (a multiply and an add) per weight held on an array per matrix-vector product; digital layers and the weights no array holds are not counted';

const zeros = <K extends string>(list: readonly (readonly [K, string])[]): ByComponent<K> =>
  Object.fromEntries(list.map(([k]) => [k, 0])) as ByComponent<K>;
const um2 = 1e-12;

/**
 * The chip's cost of one inference through the hosted layers, layer after layer, each
 * layer's arrays in parallel. Per array read (one input vector): the input driver's phases
 * (one analog read, or one binary read per input bit), each with its rows driven and the
 * columns converted k at a time through the multiplexer (the columns not selected float, so
 * each column's cells conduct in its own cycle); one conversion per used physical column and phase, one addition per
 * conversion in the shift-and-add, the partial sums of a layer's row tiles added, inputs
 * read from and outputs written to the buffer. Area: the cells, and every circuit the arrays
 * carry whether or not a column is used; one buffer big enough for the largest layer.
 */
export function chipCost(design: Design, layers: readonly PpaLayerInput[], options: { readPulse: number }): PpaReport {
  const p = design.technology.periphery;
  const vRead = design.technology.readVoltage;
  const { readPulse } = options;
  const adc = adcOf(p.adc);
  const sense = senseOf(p.sense);
  const input = inputOf(p.input);
  const energy = zeros(ENERGY_COMPONENTS);
  const area = zeros(AREA_COMPONENTS);
  const notes: string[] = [];
  const out: PpaLayer[] = [];
  let bufferBits = 0;
  let latency = 0;
  let slowestLayer = 0;
  let ops = 0;

  for (const l of layers) {
    const e = zeros(ENERGY_COMPONENTS);
    const rowTiles = new Set(l.arrays.map((a) => a.array.tile?.rowOffset ?? 0)).size;
    const estimates = l.arrays.map((a) => l.activity.meanSquare * vRead * vRead * a.conductance * readPulse);
    const estimated = estimates.reduce((s, v) => s + v, 0);
    // The circuit's measured read energy is shared among the arrays like their estimates.
    const scale = l.measuredArrayEnergy !== undefined && estimated > 0 ? l.measuredArrayEnergy / estimated : 1;
    let arrayTime = 0;
    let adcs = 0;
    let conversions = 0;
    let muxCycles = 0;
    let phases = 1;
    l.arrays.forEach((a, i) => {
      const { array } = a;
      const layout = arrayLayout(design, array, a.device);
      const bitsIn = array.dacBits;
      const bitsOut = array.adcBits;
      const used = array.mapping === 'differential' ? 2 * a.usedCols : a.usedCols + 1;
      const arrayAdcs = adcCount(design, array);
      const cycles = Math.ceil(used / arrayAdcs);
      const ph = input.phases(bitsIn);
      const tPhase = input.phaseTime(p.input, bitsIn, readPulse);
      const tRead = ph * (p.rowDriver.delay + cycles * (tPhase + sense.time(p.sense) + adc.time(p.adc, bitsOut)));
      const conv = ph * used;
      const accBits = accumulatorBits(array, ph, rowTiles);
      const rowLine = p.wireCapacitance * layout.cells.width;

      // Unselected columns float: a column's cells conduct in its own multiplexer cycle only.
      e.array += estimates[i]! * scale * input.arrayEnergyRatio(p.input, bitsIn, l.activity, readPulse);
      e.adc += conv * adc.energy(p.adc, bitsOut);
      e.sense += sense.energy(p.sense, { conversions: conv, columns: used, readTime: tRead });
      e.input += a.usedRows * input.energyPerRow(p.input, bitsIn, l.activity);
      e.rowDriver += a.usedRows * (ph * p.rowDriver.energy + rowLine * vRead * vRead * input.rowSwings(bitsIn, l.activity));
      e.digital += conv * accBits * p.shiftAdd.energyPerBit;
      e.buffer += (a.usedRows * bitsIn + a.usedCols * accBits) * p.buffer.energyPerBit;

      area.array += layout.cells.width * layout.cells.height * um2;
      const periphery = arrayPeripheryArea(design, array, a.device, rowTiles);
      area.adc += periphery.adc * um2;
      area.sense += periphery.sense * um2;
      area.input += periphery.input * um2;
      area.rowDriver += periphery.rowDriver * um2;
      area.digital += periphery.digital * um2;
      bufferBits = Math.max(bufferBits, l.inputs * bitsIn + l.outputs * accBits);

      arrayTime = Math.max(arrayTime, tRead);
      adcs += arrayAdcs;
      conversions += conv;
      muxCycles = Math.max(muxCycles, cycles);
      phases = Math.max(phases, ph);
    });
    // The row tiles' partial sums of every output, added once per read.
    const accBits = Math.max(0, ...l.arrays.map((a) => a.array.adcBits)) + Math.ceil(Math.log2(Math.max(1, rowTiles))) + 1;
    e.digital += (rowTiles - 1) * l.outputs * accBits * p.shiftAdd.energyPerBit;
    const layerTime = l.reads * (arrayTime + p.clockPeriod * (1 + Math.ceil(Math.log2(Math.max(1, rowTiles)))));
    for (const [k] of ENERGY_COMPONENTS) e[k] *= l.reads;
    const layerOps = 2 * l.hostedWeights * l.reads;
    out.push({
      layer: l.layer,
      reads: l.reads,
      arrays: l.arrays.length,
      adcs,
      conversions: conversions * l.reads,
      muxCycles,
      phases,
      latency: layerTime,
      energy: e,
      ops: layerOps,
      arrayEnergy: l.measuredArrayEnergy !== undefined ? 'measured' : 'estimated',
    });
    for (const [k] of ENERGY_COMPONENTS) energy[k] += e[k];
    latency += layerTime;
    slowestLayer = Math.max(slowestLayer, layerTime);
    ops += layerOps;
  }
  area.buffer = bufferBits * p.buffer.areaPerBit * um2;
  const periphery = AREA_COMPONENTS.reduce((s, [k]) => s + (k === 'array' ? 0 : area[k]), 0);
  energy.leakage = p.leakage.powerDensity * periphery * latency;
  for (const l of out) l.energy.leakage = p.leakage.powerDensity * periphery * l.latency;
  const totalEnergy = ENERGY_COMPONENTS.reduce((s, [k]) => s + energy[k], 0);
  const totalArea = AREA_COMPONENTS.reduce((s, [k]) => s + area[k], 0);
  const summary = areaSummary(design);
  const die = summary.dieArea * um2;

  if (layers.some((l) => l.measuredArrayEnergy === undefined))
    notes.push('array read energy from the programmed conductances with ideal wires where the circuit was not solved');
  notes.push('no column multiplexer, interconnect or bus energy and area; buffer access time not counted');
  const programming = programmingCost(layers.flatMap((l) => l.arrays));

  return {
    node: p.node,
    kinds: { adc: p.adc.kind, sense: p.sense.kind, input: p.input.kind },
    columnsPerAdc: p.columnsPerAdc,
    readPulse,
    opsCounting: OPS_COUNTING,
    perInference: { latency, energy: totalEnergy, energyByComponent: energy, ops },
    throughput: { layerByLayer: latency > 0 ? 1 / latency : 0, pipelined: slowestLayer > 0 ? 1 / slowestLayer : 0 },
    topsPerWatt: totalEnergy > 0 ? ops / totalEnergy / 1e12 : 0,
    topsPerMm2: latency > 0 && totalArea > 0 ? ops / latency / 1e12 / (totalArea * 1e6) : 0,
    area: {
      total: totalArea,
      byComponent: area,
      die,
      utilization: die > 0 ? totalArea / die : 0,
      drawn: summary.arrayArea * um2,
    },
    layers: out,
    programming,
    notes,
  };
}

/** Shares of a by-component record, in the list's order, for text and bars. */
export function shares<K extends string>(
  values: ByComponent<K>,
  list: readonly (readonly [K, string])[],
): { key: K; label: string; value: number; share: number }[] {
  const total = list.reduce((s, [k]) => s + values[k], 0);
  return list.map(([key, label]) => ({ key, label, value: values[key], share: total > 0 ? values[key] / total : 0 }));
}

export type { AreaComponent, EnergyComponent };
