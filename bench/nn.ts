import { execFileSync } from 'node:child_process';
import { deviceFromPreset } from '../core/devices/presets.js';
import { loadDataset } from '../core/nn/datasets.js';
import { buildHardware, calibrateAdc, inputRanges, loadSolverTransfer, programArrays, runHardware } from '../core/nn/hardware.js';
import { layoutNetwork } from '../core/model/network-layout.js';
import { planMapping } from '../core/nn/mapping.js';
import { accuracyOf } from '../core/nn/network.js';
import { DEFAULT_QUANT } from '../core/nn/quantize.js';
import { trainNetwork } from '../core/nn/train.js';

/**
 * `npm run bench -- nn`: seconds per MNIST training epoch (784-128-10 sigmoid, batch 64),
 * PyTorch's on the same machine when python3-torch is installed, and hardware inference
 * of the 10 000 MNIST test images on a 784x128 layout (128x128 arrays, 3-cell compound
 * MTJ, passive) per Monte Carlo draw once the transfer matrices exist (target < 2 s).
 */
export default async function bench(): Promise<Record<string, number | string>> {
  const data = await loadDataset('mnist');
  const network = { layers: [784, 128, 10], activation: { kind: 'sigmoid' as const } };
  const trained = await trainNetwork(network, data, { epochs: 1, batchSize: 64, learningRate: 1e-3, seed: 1 });
  const epoch = trained.history[0]!;
  const result: Record<string, number | string> = { backend: trained.backend, tfjsSecondsPerEpoch: epoch.seconds, testAccuracyAfter1Epoch: epoch.testAccuracy };
  console.log(`tfjs (${trained.backend}): ${epoch.seconds.toFixed(2)} s per MNIST epoch (784-128-10 sigmoid, batch 64), test ${(100 * epoch.testAccuracy).toFixed(2)} %`);

  const torch = pytorchEpoch(data.train.images, data.train.labels);
  result.pytorchSecondsPerEpoch = torch ?? 'python3-torch not installed';
  console.log(torch === null ? 'PyTorch: python3-torch not installed' : `PyTorch (CPU): ${torch.toFixed(2)} s per epoch`);

  const design = layoutNetwork({ name: 'bench', layers: [784, 128, 10], arrayRows: 128, arrayCols: 128, device: deviceFromPreset('sot-mtj-10k', { id: 'dev_1', cells: 3 }), topology: 'passive', mapping: 'differential' });
  const plan = planMapping(design, trained.weights, DEFAULT_QUANT);
  const ranges = inputRanges(trained.weights, data.train.images, 1000);
  const transfer = (await loadSolverTransfer())!;
  let t = performance.now();
  const hw = await buildHardware(design, trained.weights, plan, programArrays(plan, 0, 1), transfer, ranges);
  const extraction = (performance.now() - t) / 1000;
  try {
    calibrateAdc(hw, data.train.images, 1000);
    t = performance.now();
    const out = runHardware(hw, data.test.images, data.test.count, { dac: true, adc: true });
    const inference = (performance.now() - t) / 1000;
    result.transferExtractionSeconds = extraction;
    result.hardwareInferenceSecondsPerDraw = inference;
    result.hardwareAccuracy = accuracyOf(out.predictions, data.test.labels);
    console.log(`transfer matrices for ${design.arrays.length} arrays: ${extraction.toFixed(2)} s; hardware inference of 10 000 images: ${inference.toFixed(2)} s per draw (target < 2 s), accuracy ${(100 * result.hardwareAccuracy).toFixed(2)} %`);
  } finally {
    hw.dispose();
  }
  return result;
}

/** One PyTorch epoch of the same network and batch size, or null without torch. */
function pytorchEpoch(images: Uint8Array, labels: Uint8Array): number | null {
  try {
    execFileSync('python3', ['-c', 'import torch'], { stdio: 'ignore' });
  } catch {
    return null;
  }
  const script = `
import sys, time, torch
n=${labels.length}
data=sys.stdin.buffer.read()
x=torch.frombuffer(bytearray(data[:n*784]),dtype=torch.uint8).float().view(n,784)/255
y=torch.frombuffer(bytearray(data[n*784:]),dtype=torch.uint8).long()
torch.manual_seed(1)
m=torch.nn.Sequential(torch.nn.Linear(784,128),torch.nn.Sigmoid(),torch.nn.Linear(128,10))
opt=torch.optim.Adam(m.parameters(),1e-3)
t=time.time()
p=torch.randperm(n)
for i in range(0,n,64):
  idx=p[i:i+64]
  opt.zero_grad(); loss=torch.nn.functional.cross_entropy(m(x[idx]),y[idx]); loss.backward(); opt.step()
print(time.time()-t)
`;
  const input = Buffer.concat([Buffer.from(images), Buffer.from(labels)]);
  const out = execFileSync('python3', ['-c', script], { input, maxBuffer: 1 << 20 }).toString().trim();
  return Number(out);
}
