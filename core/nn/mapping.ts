import { deviceLevels } from '../devices/levels.js';
import type { ArrayRecord, Design, DeviceRecord, Mapping } from '../model/design.js';
import { findDevice, physicalColumns } from '../model/design.js';
import { UserError } from '../model/problems.js';
import type { Weights } from './network.js';
import { buildCodebook, quantizeMatrix, type Codebook, type QuantizedMatrix, type QuantOptions } from './quantize.js';

/**
 * Mapping a network onto a design: which arrays host which tile of which layer's weight
 * matrix (rows = inputs, weight columns = outputs), the quantized weights, and the level
 * each physical cell must be programmed to. A layer no array hosts runs digitally in
 * full precision. All arrays of one layer must share a device and a mapping, so the
 * layer has one codebook (per-tensor scale means one scale for the whole layer).
 */
export interface ArrayPlan {
  array: ArrayRecord;
  device: DeviceRecord;
  layer: number;
  rowOffset: number;
  colOffset: number;
  usedRows: number;
  usedCols: number;
  physicalColumns: number;
  /** Level index per physical cell, rows x physical columns row-major. */
  targets: Uint8Array;
}

export interface LayerPlan {
  layer: number;
  inputs: number;
  outputs: number;
  /** Null: no array hosts this layer; it runs digitally in full precision. */
  hardware: {
    device: DeviceRecord;
    mapping: Mapping;
    levels: Float64Array;
    codebook: Codebook;
    quantized: QuantizedMatrix;
    arrays: ArrayPlan[];
  } | null;
}

export interface MappingPlan {
  layers: LayerPlan[];
  /** Indices of layers that run digitally. */
  digitalLayers: number[];
  /** Arrays of the design that host no tile (ignored). */
  unusedArrays: string[];
}

export function planMapping(design: Design, weights: Weights, quant: QuantOptions): MappingPlan {
  const byLayer = new Map<number, ArrayRecord[]>();
  const unusedArrays: string[] = [];
  for (const array of design.arrays) {
    if (!array.tile) {
      unusedArrays.push(array.id);
      continue;
    }
    if (array.tile.layer >= weights.layers.length) {
      throw new UserError(
        `${array.id} hosts layer ${array.tile.layer}, but the network ${weights.network.layers.join('-')} has layers 0..${weights.layers.length - 1}`,
      );
    }
    const list = byLayer.get(array.tile.layer) ?? [];
    list.push(array);
    byLayer.set(array.tile.layer, list);
  }
  const layers: LayerPlan[] = weights.layers.map((lw, layer) => {
    const arrays = byLayer.get(layer);
    if (!arrays) return { layer, inputs: lw.inputs, outputs: lw.outputs, hardware: null };
    const first = arrays[0]!;
    const device = findDevice(design, first.device);
    if (!device) throw new UserError(`${first.id}: device ${first.device} is not in the design`);
    for (const a of arrays) {
      if (a.device !== first.device || a.mapping !== first.mapping) {
        throw new UserError(
          `layer ${layer} is hosted by arrays with different devices or mappings (${first.id}: ${first.device} ${first.mapping}, ${a.id}: ${a.device} ${a.mapping}); use one device and mapping per layer`,
        );
      }
    }
    checkCoverage(layer, lw.inputs, lw.outputs, arrays);
    const levels = deviceLevels(device);
    const codebook = buildCodebook(levels, first.mapping);
    const quantized = quantizeMatrix(lw.weights, lw.inputs, lw.outputs, codebook, quant);
    const plans = arrays.map((array) => arrayPlan(array, device, layer, lw.inputs, lw.outputs, codebook, quantized));
    return {
      layer,
      inputs: lw.inputs,
      outputs: lw.outputs,
      hardware: { device, mapping: first.mapping, levels, codebook, quantized, arrays: plans },
    };
  });
  return { layers, digitalLayers: layers.filter((l) => !l.hardware).map((l) => l.layer), unusedArrays };
}

function checkCoverage(layer: number, inputs: number, outputs: number, arrays: readonly ArrayRecord[]): void {
  const count = new Uint8Array(inputs * outputs);
  for (const a of arrays) {
    const t = a.tile!;
    if (t.rowOffset >= inputs || t.colOffset >= outputs) {
      throw new UserError(
        `${a.id}: tile offset (${t.rowOffset}, ${t.colOffset}) is outside layer ${layer}'s ${inputs}x${outputs} weight matrix`,
      );
    }
    const rows = Math.min(a.rows, inputs - t.rowOffset);
    const cols = Math.min(a.cols, outputs - t.colOffset);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) count[(t.rowOffset + i) * outputs + t.colOffset + j]!++;
  }
  let missing = 0;
  let twice = 0;
  for (const c of count) {
    if (c === 0) missing++;
    else if (c > 1) twice++;
  }
  if (twice > 0)
    throw new UserError(`layer ${layer}: ${twice} weights are hosted by more than one array; tiles must not overlap`);
  if (missing > 0)
    throw new UserError(
      `layer ${layer}: ${missing} of ${inputs * outputs} weights are hosted by no array; host the whole ${inputs}x${outputs} matrix (spinplan layout-network) or none of it`,
    );
}

function arrayPlan(
  array: ArrayRecord,
  device: DeviceRecord,
  layer: number,
  inputs: number,
  outputs: number,
  book: Codebook,
  q: QuantizedMatrix,
): ArrayPlan {
  const t = array.tile!;
  const usedRows = Math.min(array.rows, inputs - t.rowOffset);
  const usedCols = Math.min(array.cols, outputs - t.colOffset);
  const pc = physicalColumns(array);
  const targets = new Uint8Array(array.rows * pc);
  const zeroPlus = book.plus[book.zero]!;
  const zeroMinus = book.minus[book.zero]!;
  for (let i = 0; i < array.rows; i++) {
    for (let c = 0; c < array.cols; c++) {
      const used = i < usedRows && c < usedCols;
      const idx = used ? q.index[(t.rowOffset + i) * outputs + t.colOffset + c]! : book.zero;
      if (array.mapping === 'differential') {
        targets[i * pc + 2 * c] = used ? book.plus[idx]! : zeroPlus;
        targets[i * pc + 2 * c + 1] = used ? book.minus[idx]! : zeroMinus;
      } else {
        targets[i * pc + c] = used ? book.plus[idx]! : zeroPlus;
      }
    }
    if (array.mapping === 'reference') targets[i * pc + array.cols] = book.referenceLevel!;
  }
  return {
    array,
    device,
    layer,
    rowOffset: t.rowOffset,
    colOffset: t.colOffset,
    usedRows,
    usedCols,
    physicalColumns: pc,
    targets,
  };
}
