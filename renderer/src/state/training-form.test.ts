import { describe, expect, it } from 'vitest';
import { defaultTrainingForm, trainingOptions, updatesPerEpoch, type TrainingForm } from './training-form.js';

const form = (over: Partial<TrainingForm> = {}): TrainingForm => ({ ...defaultTrainingForm(), ...over });

describe('the Train on chip form', () => {
  it('asks for what it shows, the transfer re-extracted once per epoch by default', () => {
    expect(trainingOptions(form(), '784,128,10')).toEqual({
      options: {
        dataset: 'mnist',
        layers: [784, 128, 10],
        rule: 'sgd',
        rounding: 'stochastic',
        pulseStep: 'datasheet',
        epochs: 5,
        batch: 64,
        lr: 0.5,
        limit: 2000,
        refreshTransfer: 32,
        seed: 1,
      },
    });
  });

  it("asks for each device's own step when chosen", () => {
    const r = trainingOptions(form({ pulseStep: 'per-device' }), '784,16,10');
    expect('options' in r && r.options.pulseStep).toBe('per-device');
  });

  it('re-extracts as chosen: at the ends only, every N updates, or once per epoch of the whole set', () => {
    const refresh = (over: Partial<TrainingForm>) => {
      const r = trainingOptions(form(over), '784,16,10');
      return 'options' in r ? r.options.refreshTransfer : r.errors;
    };
    expect(refresh({ refresh: 'ends' })).toBe(0);
    expect(refresh({ refresh: 'every', refreshEvery: 7 })).toBe(7);
    expect(refresh({ limit: null, batch: 100 })).toBe(600);
    expect(updatesPerEpoch(20, 100)).toBe(5);
    const all = trainingOptions(form({ limit: null }), '784,16,10');
    expect('options' in all && 'limit' in all.options).toBe(false);
  });

  it('names every field that is wrong, with what it takes', () => {
    const r = trainingOptions(
      form({ epochs: 0, batch: null, lr: 12, limit: 1.5, refresh: 'every', refreshEvery: 0, seed: -1 }),
      '784,,10',
    );
    expect('errors' in r && r.errors.map((e) => e.field)).toEqual([
      'layers',
      'epochs',
      'batch',
      'lr',
      'limit',
      'refreshEvery',
      'seed',
    ]);
    const messages = 'errors' in r ? r.errors.map((e) => e.message) : [];
    expect(messages[0]).toMatch(/^Network: "784,,10" entry 2 of 3 is empty/);
    expect(messages[1]).toBe('Epochs: 0 is not allowed; give a whole number from 1 to 200');
    expect(messages[2]).toMatch(/^Batch: nothing is not allowed/);
    expect(messages[3]).toMatch(/^Learning rate: 12 is not allowed; give a number above 0 and below 10/);
    expect(messages[4]).toMatch(/^Images: 1.5 is not allowed/);
    expect(messages[5]).toMatch(/^Refresh every: 0 is not allowed/);
    expect(messages[6]).toMatch(/^Seed: -1 is not allowed/);
  });
});
