import { nodeInputs, type Model, type ModelNode } from './model.js';

/**
 * Folds each batch norm into the conv or dense layer it follows, before mapping: with
 * y = (x W + b) s + t per output channel, W' = W s (column by column) and b' = b s + t,
 * so the arrays hold the folded weights and the batch norm costs nothing at inference.
 * A batch norm is folded only when its input is a matrix layer that nothing else reads
 * (a residual branch reading the conv's raw output would see the folded values); the
 * others stay digital and the notes say which.
 */
export function foldBatchNorms(model: Model): { model: Model; notes: string[] } {
  const readers = new Map<string, number>();
  for (const n of model.nodes) for (const i of nodeInputs(n)) readers.set(i, (readers.get(i) ?? 0) + 1);
  if (model.output !== undefined) readers.set(model.output, (readers.get(model.output) ?? 0) + 1);
  const byName = new Map(model.nodes.map((n) => [n.name, n]));
  const folded = new Map<string, ModelNode>();
  const renamed = new Map<string, string>();
  const notes: string[] = [];
  const kept: string[] = [];
  for (const n of model.nodes) {
    if (n.op !== 'batchnorm') continue;
    const src = folded.get(n.input) ?? byName.get(n.input);
    if (!src || (src.op !== 'conv' && src.op !== 'dense') || readers.get(n.input) !== 1) {
      kept.push(n.name);
      continue;
    }
    const cols = src.op === 'conv' ? src.outChannels : src.outputs;
    const weights = Float32Array.from(src.weights);
    const bias = new Float32Array(cols);
    for (let k = 0; k < weights.length; k++) weights[k]! *= n.scale[k % cols]!;
    for (let c = 0; c < cols; c++) bias[c] = src.bias[c]! * n.scale[c]! + n.shift[c]!;
    folded.set(src.name, { ...src, weights, bias });
    renamed.set(n.name, src.name);
    notes.push(`batch norm ${n.name} folded into ${src.op} ${src.name} (weights and bias) before mapping`);
  }
  if (kept.length > 0)
    notes.push(`batch norm ${kept.join(', ')} runs digitally (it follows no conv or dense layer it could fold into)`);
  if (renamed.size === 0) return { model, notes };
  const to = (name: string) => renamed.get(name) ?? name;
  const nodes = model.nodes
    .filter((n) => !renamed.has(n.name))
    .map((n): ModelNode => {
      const m = folded.get(n.name) ?? n;
      return m.op === 'add' ? { ...m, inputs: [to(m.inputs[0]), to(m.inputs[1])] } : { ...m, input: to(m.input) };
    });
  return { model: { ...model, nodes, output: to(model.output) }, notes };
}
