import { describe, expect, it } from 'vitest';
import { EPOCHS_RANGE, parseApiArgs } from './contract.js';

const evaluate = (options: Record<string, unknown>) =>
  parseApiArgs('startJob', [
    {
      kind: 'evaluate',
      design: {},
      options: { dataset: 'mnist', testImages: 100, monteCarlo: 2, seed: 1, layers: [784, 128, 10], ...options },
    },
  ]);

describe('Api arguments at the boundary', () => {
  it('accepts an accuracy run with the training epochs the user chose', () => {
    expect(evaluate({ epochs: 1 })).toMatchObject({ ok: true });
    expect(evaluate({ epochs: EPOCHS_RANGE.max })).toMatchObject({ ok: true });
  });

  it('refuses epochs out of range or missing, naming the field', () => {
    const zero = evaluate({ epochs: 0 });
    expect(zero.ok).toBe(false);
    expect(!zero.ok && zero.error).toMatch(/^bad arguments for startJob: 0\.options\.epochs: .*>=1/);
    const many = evaluate({ epochs: 500 });
    expect(!many.ok && many.error).toMatch(/0\.options\.epochs: .*<=200/);
    expect(evaluate({})).toMatchObject({ ok: false });
  });

  it('refuses a network of fewer than two layers or widths that are not whole numbers, naming the field', () => {
    expect(evaluate({ epochs: 1, layers: [784] })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/0\.options\.layers: /),
    });
    expect(evaluate({ epochs: 1, layers: [784, 12.5, 10] })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/0\.options\.layers\.1: /),
    });
  });

  it('refuses a study without epochs and accepts one with them', () => {
    const study = (epochs?: number) =>
      parseApiArgs('startJob', [
        { kind: 'study', options: { name: 'ctc', dataset: 'mnist', testImages: 50, monteCarlo: 1, seed: 1, epochs } },
      ]);
    expect(study(3)).toMatchObject({ ok: true });
    expect(study()).toMatchObject({ ok: false });
  });

  it("takes an ONNX model's input normalization and a CIFAR-10 folder, and refuses a std that is not above 0", () => {
    const onnx = { epochs: 1, weightsFile: '/m/cnn.ONNX' };
    expect(evaluate({ ...onnx, inputMean: [0.49, 0.48, 0.45], inputStd: [0.25], cifarDir: '/data/cifar' })).toMatchObject({
      ok: true,
    });
    expect(evaluate({ ...onnx, inputStd: [0.25, 0, 0.2] })).toEqual({
      ok: false,
      error: 'bad arguments for startJob: 0.options.inputStd.1: a std must be above 0 (the pixels are divided by it)',
    });
    expect(evaluate({ ...onnx, inputStd: [] })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/0\.options\.inputStd: /),
    });
    expect(evaluate({ ...onnx, inputMean: [Number.NaN] })).toMatchObject({ ok: false });
  });

  it('refuses a normalization without an ONNX model, CIFAR-10 without a model, and CIFAR-10 in the loop, naming the field', () => {
    expect(evaluate({ epochs: 1, weightsFile: '/m/cnn.json', inputMean: [0.5] })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/0\.options\.inputMean: only an ONNX model takes an input normalization/),
    });
    expect(evaluate({ epochs: 1, inputStd: [0.5] })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/0\.options\.inputStd: only an ONNX model/),
    });
    expect(evaluate({ epochs: 1, cifarDir: '/data/cifar' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/0\.options\.cifarDir: CIFAR-10 needs a model with conv layers as the weights file/),
    });
    expect(
      evaluate({ epochs: 1, weightsFile: '/m/cnn.onnx', cifarDir: '/d', inTheLoop: { mode: 'circuit', epochs: 1 } }),
    ).toMatchObject({
      ok: false,
      error: expect.stringMatching(/0\.options\.inTheLoop: training in the loop runs dense networks/),
    });
  });

  it('takes an IDX folder with a weights file, and refuses it without one, with CIFAR-10 or in the loop, naming the field', () => {
    expect(evaluate({ epochs: 1, weightsFile: '/m/w.json', idxDir: '/data/idx' })).toMatchObject({ ok: true });
    expect(evaluate({ epochs: 1, idxDir: '/data/idx' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/0\.options\.idxDir: IDX files need a weights file/),
    });
    expect(evaluate({ epochs: 1, weightsFile: '/m/cnn.onnx', idxDir: '/d', cifarDir: '/c' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/0\.options\.idxDir: one dataset folder/),
    });
    expect(
      evaluate({ epochs: 1, weightsFile: '/m/w.json', idxDir: '/d', inTheLoop: { mode: 'circuit', epochs: 1 } }),
    ).toMatchObject({
      ok: false,
      error: expect.stringMatching(/0\.options\.inTheLoop: training in the loop runs on MNIST or Fashion-MNIST/),
    });
  });
});
