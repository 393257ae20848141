import { deviceModel } from '../devices/device-model-of.js';
import type { ArrayRecord, Design, DeviceRecord, Mapping } from '../model/design.js';
import { findDevice, physicalColumns } from '../model/design.js';
import { UserError } from '../model/problems.js';
import type { Weights } from './network.js';
import { buildCodebook, quantizeMatrix, type Codebook, type QuantizedMatrix, type QuantOptions } from './quantize.js';

/**
 * Mapping a network onto a design: which arrays host which tile of which layer's weight
 * matrix (rows = inputs, weight columns = outputs), the quantized weights, and the level
 * each physical cell must be programmed to. All arrays of one layer must share a device
 * and a mapping, so the layer has one codebook (per-tensor scale means one scale for the
 * whole layer).
 *
 * A layer may be hosted in full, in part or not at all. The weights no array hosts run
 * digitally in full precision: a layer no array hosts runs wholly digitally (hardware
 * null); in a partly hosted layer, the hosted tiles run on the hardware path and the rest
 * is added to the pre-activation by a digital matmul with the unhosted weights (see
 * buildHardware). Overlapping tiles, tiles outside the matrix and tiles of a layer the
 * network does not have are errors.
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
  /** Weights hosted by arrays (run on the hardware path). */
  hostedWeights: number;
  /** Weights hosted by no array (run digitally in full precision). hostedWeights + digitalWeights = inputs x outputs. */
  digitalWeights: number;
  /** Null: no array hosts this layer; it runs digitally in full precision. */
  hardware: {
    device: DeviceRecord;
    mapping: Mapping;
    levels: Float64Array;
    codebook: Codebook;
    /** Quantized hosted weights; `q` holds the full-precision value of the unhosted ones. */
    quantized: QuantizedMatrix;
    arrays: ArrayPlan[];
    /** 1 where an array hosts the weight, inputs x outputs row-major; null when every weight is hosted. */
    mask: Uint8Array | null;
  } | null;
}

export interface MappingPlan {
  layers: LayerPlan[];
  /** Indices of layers that run wholly digitally (no array hosts any of their weights). */
  digitalLayers: number[];
  /** Indices of layers hosted in part: some weights on arrays, the rest digital. */
  partialLayers: number[];
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
    const total = lw.inputs * lw.outputs;
    if (!arrays)
      return { layer, inputs: lw.inputs, outputs: lw.outputs, hostedWeights: 0, digitalWeights: total, hardware: null };
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
    const { mask, hosted } = coverage(layer, lw.inputs, lw.outputs, arrays);
    const partial = hosted < total;
    const { levels } = deviceModel(device);
    const codebook = buildCodebook(levels, first.mapping);
    // The scales (per layer or per output column, as `quant` says) are chosen over the
    // hosted weights only. They exist to map the weights the arrays hold onto the
    // conductance range: a large digital weight must not stretch that range and waste
    // levels on the hosted ones, and the MSE observer must minimise the only quantization
    // error there is, the hosted weights'. The digital weights keep full precision, so
    // they need no scale. A fully hosted layer is quantized exactly as before.
    const quantized = quantizeMatrix(lw.weights, lw.inputs, lw.outputs, codebook, quant, partial ? mask : undefined);
    const plans = arrays.map((array) => arrayPlan(array, device, layer, lw.inputs, lw.outputs, codebook, quantized));
    return {
      layer,
      inputs: lw.inputs,
      outputs: lw.outputs,
      hostedWeights: hosted,
      digitalWeights: total - hosted,
      hardware: { device, mapping: first.mapping, levels, codebook, quantized, arrays: plans, mask: partial ? mask : null },
    };
  });
  return {
    layers,
    digitalLayers: layers.filter((l) => !l.hardware).map((l) => l.layer),
    partialLayers: layers.filter((l) => l.hardware && l.digitalWeights > 0).map((l) => l.layer),
    unusedArrays,
  };
}

/** Which weights the arrays host (1 = hosted); errors on tiles outside the matrix and on overlaps. */
function coverage(
  layer: number,
  inputs: number,
  outputs: number,
  arrays: readonly ArrayRecord[],
): { mask: Uint8Array; hosted: number } {
  const count = new Uint8Array(inputs * outputs); // 0, 1, or 2 for "more than one"
  let twice = 0;
  for (const a of arrays) {
    const t = a.tile!;
    if (t.rowOffset < 0 || t.colOffset < 0 || t.rowOffset >= inputs || t.colOffset >= outputs) {
      throw new UserError(
        `${a.id}: tile offset (${t.rowOffset}, ${t.colOffset}) is outside layer ${layer}'s ${inputs}x${outputs} weight matrix`,
      );
    }
    const rows = Math.min(a.rows, inputs - t.rowOffset);
    const cols = Math.min(a.cols, outputs - t.colOffset);
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < cols; j++) {
        const k = (t.rowOffset + i) * outputs + t.colOffset + j;
        if (count[k] === 1) twice++; // counted once per weight, however many arrays host it
        count[k] = Math.min(count[k]! + 1, 2);
      }
  }
  if (twice > 0)
    throw new UserError(`layer ${layer}: ${twice} weights are hosted by more than one array; tiles must not overlap`);
  let hosted = 0;
  for (const c of count) hosted += c;
  return { mask: count, hosted };
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
