import type { LayoutMatrix } from '../../model/network-layout.js';
import { foldBatchNorms } from './fold.js';
import { matrixLayers, type Model } from './model.js';
import { loadModelFile } from './model-file.js';

/**
 * The weight matrices of a model as layout-network tiles them: each conv layer unrolled
 * (kernel height x width x input channels rows, output channels columns, the kernel
 * written into its tiles so a cell can say which kernel element it holds), each dense
 * layer inputs x outputs, after folding the batch norms that fold (the matrices the
 * arrays will hold). Tile layer l is the model's l-th matrix layer.
 */
export function modelMatrices(model: Model): LayoutMatrix[] {
  return matrixLayers(foldBatchNorms(model).model).map((l) =>
    l.node.op === 'conv'
      ? { rows: l.rows, cols: l.cols, kernel: { height: l.node.kernel[0], width: l.node.kernel[1], channels: l.node.inChannels } }
      : { rows: l.rows, cols: l.cols },
  );
}

/** A model file's matrices and a one-line description of each, for the command's report. */
export async function modelFileMatrices(file: string): Promise<{ matrices: LayoutMatrix[]; names: string[] }> {
  const { model } = await loadModelFile(file);
  const layers = matrixLayers(foldBatchNorms(model).model);
  return {
    matrices: modelMatrices(model),
    names: layers.map((l) => `${l.node.op} ${l.node.name} ${l.rows}x${l.cols}`),
  };
}
