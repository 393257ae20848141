import { describe, expect, it } from 'vitest';
import { accuracyRequest, chooseEvalDataset, evalDataset, readNormalization, type AccuracyForm } from './accuracy-form.js';
import type { FolderStatus } from './dataset-folders.js';
import { defaultRunOptions } from './ui.svelte.js';

const form = (over: Partial<AccuracyForm> = {}): AccuracyForm => ({ ...defaultRunOptions(), ...over });
const NO_FOLDER: FolderStatus = { state: 'none' };
const CIFAR_OK: FolderStatus = {
  state: 'ok',
  dir: '/d/cifar',
  read: '/d/cifar',
  summary: '5 training batches and the test batch',
};
const IDX_OK: FolderStatus = { state: 'ok', dir: '/d/idx', read: '/d/idx', summary: 'the four IDX files' };
const errorsOf = (r: ReturnType<typeof accuracyRequest>) => ('errors' in r ? r.errors : []);

describe('the Accuracy tab form', () => {
  it('asks for what it shows: a trained network on a packaged set, nothing of CIFAR-10 or normalization', () => {
    expect(accuracyRequest(form(), [784, 16, 10], NO_FOLDER)).toEqual({
      options: { dataset: 'mnist', testImages: 1000, monteCarlo: 3, seed: 1, layers: [784, 16, 10], epochs: 20 },
    });
    // The normalization typed for an ONNX model is not sent with a JSON weights file (a spinplan model carries its own).
    const json = accuracyRequest(form({ weightsFile: '/m/w.json', inputMean: '0.5', inputStd: '0' }), null, NO_FOLDER);
    expect(json).toEqual({
      options: {
        dataset: 'mnist',
        testImages: 1000,
        monteCarlo: 3,
        seed: 1,
        layers: [784, 128, 10],
        epochs: 20,
        weightsFile: '/m/w.json',
      },
    });
  });

  it("sends an ONNX model's mean and std per channel or one for all, and leaves out an empty box (mean 0, std 1)", () => {
    const r = accuracyRequest(
      form({
        weightsFile: '/m/cnn.onnx',
        folderSet: 'cifar10',
        cifarDir: '/d/cifar',
        inputMean: '0.4914, 0.4822,0.4465 ',
        inputStd: '0.25',
      }),
      null,
      CIFAR_OK,
    );
    expect('options' in r && r.options).toMatchObject({
      weightsFile: '/m/cnn.onnx',
      cifarDir: '/d/cifar',
      inputMean: [0.4914, 0.4822, 0.4465],
      inputStd: [0.25],
    });
    const empty = accuracyRequest(form({ weightsFile: '/m/cnn.ONNX', inputMean: ' ', inputStd: '' }), null, NO_FOLDER);
    expect('options' in empty && ['inputMean' in empty.options, 'inputStd' in empty.options]).toEqual([false, false]);
  });

  it('refuses a bad std or mean with a message naming the field, the value and the fix', () => {
    const std = (text: string, cifar = true) => readNormalization(text, 'inputStd', cifar ? 'cifar10' : 'mnist');
    expect(std('0.25, 0, 0.2')).toEqual({
      error: 'Input std: value 2 of 3 is 0; a std must be above 0 (the pixels are divided by it)',
    });
    expect(std('-1')).toEqual({ error: 'Input std: the value is -1; a std must be above 0 (the pixels are divided by it)' });
    expect(std('0.2, 0.3')).toEqual({
      error: 'Input std: 2 values for the 3 channels of CIFAR-10 (red, green, blue); give one per channel or one for all',
    });
    expect(std('0.2, 0.3, 0.4', false)).toEqual({
      error: 'Input std: 3 values, but MNIST images have 1 channel; give one value',
    });
    expect(readNormalization('0.5,,0.5', 'inputMean', 'cifar10')).toEqual({
      error: 'Input mean: value 2 of 3 is empty; give numbers separated by commas, like 0.4914, 0.4822, 0.4465',
    });
    expect(readNormalization('half', 'inputMean', 'fashion-mnist')).toEqual({
      error: 'Input mean: the value, "half", is not a number',
    });
    expect(readNormalization('-0.5', 'inputMean', 'mnist')).toEqual({ values: [-0.5] });

    // A bad value blocks the run: no options, the field named.
    const r = accuracyRequest(form({ weightsFile: '/m/cnn.onnx', inputStd: '0' }), null, NO_FOLDER);
    expect(errorsOf(r)).toEqual([
      { field: 'inputStd', message: 'Input std: the value is 0; a std must be above 0 (the pixels are divided by it)' },
    ]);
  });

  it('CIFAR-10 needs a model file and a folder that holds the batches; until then it says what is missing and where to get it', () => {
    const cifar = form({ folderSet: 'cifar10', cifarDir: null });
    const none = errorsOf(accuracyRequest(cifar, [784, 16, 10], NO_FOLDER));
    expect(none.map((e) => e.field)).toEqual(['weightsFile', 'cifarDir']);
    expect(none[0]!.message).toMatch(/^CIFAR-10 needs a model with conv layers .*ONNX, or spinplan train --arch cnn -o M\.json/);
    expect(none[1]!.message).toBe(
      'CIFAR-10: choose the folder that holds its binary batches, data_batch_1.bin .. data_batch_5.bin and test_batch.bin. ' +
        'No copy on this machine? Get the binary version of CIFAR-10, cifar-10-binary.tar.gz (162 MB), from https://www.cs.toronto.edu/~kriz/cifar.html, and unpack it.',
    );
    const withModel = { ...cifar, weightsFile: '/m/cnn.onnx', cifarDir: '/d/cifar' };
    expect(errorsOf(accuracyRequest(withModel, null, { state: 'checking', dir: '/d/cifar' }))).toEqual([
      { field: 'cifarDir', message: 'CIFAR-10: looking at /d/cifar…' },
    ]);
    expect(errorsOf(accuracyRequest(withModel, null, { ...CIFAR_OK, dir: '/d/before' }))).toEqual([
      { field: 'cifarDir', message: 'CIFAR-10: looking at /d/cifar…' },
    ]);
    expect(errorsOf(accuracyRequest(withModel, null, { state: 'bad', dir: '/d/cifar', message: 'no test_batch.bin' }))).toEqual([
      { field: 'cifarDir', message: 'no test_batch.bin' },
    ]);
    expect(accuracyRequest(withModel, null, CIFAR_OK)).toMatchObject({ options: { cifarDir: '/d/cifar', dataset: 'mnist' } });
    // Training in the loop is for dense networks on the packaged sets.
    expect(errorsOf(accuracyRequest(withModel, null, CIFAR_OK, true)).map((e) => e.field)).toEqual(['cifarDir']);
  });

  it('keeps CIFAR-10 apart from the dataset the Studies and Sweep tabs share', () => {
    const o = form({ dataset: 'fashion-mnist' });
    chooseEvalDataset(o, 'cifar10');
    expect([evalDataset(o), o.dataset]).toEqual(['cifar10', 'fashion-mnist']);
    chooseEvalDataset(o, 'idx');
    expect([evalDataset(o), o.dataset]).toEqual(['idx', 'fashion-mnist']);
    chooseEvalDataset(o, 'mnist');
    expect([evalDataset(o), o.folderSet, o.dataset]).toEqual(['mnist', null, 'mnist']);
  });

  it('IDX files need a weights file and a folder holding the four files; the run gets idxDir and no cifarDir', () => {
    const idx = form({ folderSet: 'idx', idxDir: null, cifarDir: '/d/cifar' });
    const none = errorsOf(accuracyRequest(idx, [784, 16, 10], NO_FOLDER));
    expect(none.map((e) => e.field)).toEqual(['weightsFile', 'idxDir']);
    expect(none[0]!.message).toMatch(/^IDX files need a weights file .*spinplan evaluate --idx needs --weights too/);
    expect(none[1]!.message).toBe(
      'IDX files: choose the folder that holds them, train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte ' +
        'and t10k-labels-idx1-ubyte (MNIST’s names, each may end in .gz).',
    );
    const withWeights = { ...idx, weightsFile: '/m/w.json', idxDir: '/d/idx' };
    expect(errorsOf(accuracyRequest(withWeights, null, { state: 'checking', dir: '/d/idx' }))).toEqual([
      { field: 'idxDir', message: 'IDX files: looking at /d/idx…' },
    ]);
    // The CIFAR-10 folder's answer is not the IDX folder's.
    expect(errorsOf(accuracyRequest(withWeights, null, CIFAR_OK))).toEqual([
      { field: 'idxDir', message: 'IDX files: looking at /d/idx…' },
    ]);
    expect(errorsOf(accuracyRequest(withWeights, null, { state: 'bad', dir: '/d/idx', message: 'no test labels file' }))).toEqual(
      [{ field: 'idxDir', message: 'no test labels file' }],
    );
    const r = accuracyRequest(withWeights, null, IDX_OK);
    expect(r).toMatchObject({ options: { idxDir: '/d/idx', weightsFile: '/m/w.json' } });
    expect('options' in r && 'cifarDir' in r.options).toBe(false);
    expect(errorsOf(accuracyRequest(withWeights, null, IDX_OK, true)).map((e) => e.field)).toEqual(['idxDir']);
  });

  it('refuses what the contract refuses, naming the field (images out of range)', () => {
    expect(errorsOf(accuracyRequest(form({ testImages: 0 }), [784, 10], NO_FOLDER))).toEqual([
      { field: 'options', message: expect.stringMatching(/^Images: .*>=1/) },
    ]);
  });
});
