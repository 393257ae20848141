import { describe, expect, it } from 'vitest';
import type { DirListing } from '../../../core/api/contract.js';
import {
  accuracyRequest,
  checkCifarFolder,
  chooseEvalDataset,
  cifarFolderStatus,
  evalDataset,
  readNormalization,
  type AccuracyForm,
  type CifarFolderStatus,
} from './accuracy-form.js';
import { defaultRunOptions } from './ui.svelte.js';

const form = (over: Partial<AccuracyForm> = {}): AccuracyForm => ({ ...defaultRunOptions(), ...over });
const NO_FOLDER: CifarFolderStatus = { state: 'none' };
const CIFAR_OK: CifarFolderStatus = { state: 'ok', dir: '/d/cifar', batches: '/d/cifar', trainBatches: 5 };
const listing = (path: string, files: string[], dirs: string[] = []): DirListing => ({
  path,
  parent: '/d',
  entries: [
    ...dirs.map((name) => ({ name, kind: 'dir' as const, size: 0 })),
    ...files.map((name) => ({ name, kind: 'file' as const, size: 30_730_000 })),
  ],
});
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
        cifar: true,
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
    const cifar = form({ cifar: true, cifarDir: null });
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
    chooseEvalDataset(o, 'mnist');
    expect([evalDataset(o), o.cifar, o.dataset]).toEqual(['mnist', false, 'mnist']);
  });

  it('refuses what the contract refuses, naming the field (images out of range)', () => {
    expect(errorsOf(accuracyRequest(form({ testImages: 0 }), [784, 10], NO_FOLDER))).toEqual([
      { field: 'options', message: expect.stringMatching(/^Images: .*>=1/) },
    ]);
  });
});

describe('a CIFAR-10 folder, as its listing shows it', () => {
  const batches = ['batches.meta.txt', 'data_batch_1.bin', 'data_batch_2.bin', 'test_batch.bin'];

  it('holds the batches itself, or in the folder the archive unpacks to', async () => {
    expect(cifarFolderStatus('/d/c', listing('/d/c', batches), null)).toEqual({
      state: 'ok',
      dir: '/d/c',
      batches: '/d/c',
      trainBatches: 2,
    });
    const asked: string[] = [];
    const listDir = async (dir: string) => {
      asked.push(dir);
      return dir === '/d/dl' ? listing('/d/dl', ['cifar-10-binary.tar.gz'], ['cifar-10-batches-bin']) : listing(dir, batches);
    };
    expect(await checkCifarFolder(listDir, '/d/dl')).toMatchObject({ state: 'ok', batches: '/d/dl/cifar-10-batches-bin' });
    expect(asked).toEqual(['/d/dl', '/d/dl/cifar-10-batches-bin']);
  });

  it('says what a folder lacks and where to get the files', async () => {
    const s = cifarFolderStatus('/d/x', listing('/d/x', ['data_batch_1.bin', 'notes.txt']), null);
    expect(s).toEqual({
      state: 'bad',
      dir: '/d/x',
      message:
        'CIFAR-10 folder /d/x: no test_batch.bin. It must hold data_batch_1.bin .. data_batch_5.bin and test_batch.bin (the binary version of CIFAR-10), ' +
        'or the cifar-10-batches-bin folder they unpack to. Get the binary version of CIFAR-10, cifar-10-binary.tar.gz (162 MB), from https://www.cs.toronto.edu/~kriz/cifar.html, and unpack it.',
    });
    const gone = await checkCifarFolder(() => Promise.reject(new Error('/d/y does not exist')), '/d/y');
    expect(gone).toMatchObject({
      state: 'bad',
      message: expect.stringMatching(/^CIFAR-10 folder \/d\/y: \/d\/y does not exist\. Get the binary version/),
    });
  });
});
