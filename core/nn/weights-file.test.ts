import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../model/problems.js';
import { loadWeightsFile, MAX_WEIGHTS_JSON_BYTES, weightsFromJson, weightsFromTfjs } from './weights-file.js';

/**
 * Weights files (evaluate --weights, finetune --weights, the server's weightsFile) are
 * paths the user gave: a FIFO blocked the read forever, /dev/zero filled the memory, and a
 * file that was not weights had its first bytes printed by JSON.parse's message. Refusals
 * take milliseconds; the timeouts make a regression fail instead of hang.
 */
const REFUSE = { timeout: 20_000 };
const SIGMOID = { kind: 'sigmoid' } as const;

/** The message of the UserError, the path replaced (a temporary folder's random name could hold any letters). */
async function messageOf(promise: Promise<unknown>, ...paths: string[]): Promise<string> {
  const e = await promise.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(UserError);
  return paths.reduce((m, p) => m.replaceAll(p, 'PATH'), (e as Error).message);
}

const spinplanJson = (layer: Record<string, unknown> = {}) =>
  JSON.stringify({
    format: 'spinplan-weights',
    version: 1,
    network: { layers: [2, 1], activation: { kind: 'sigmoid' } },
    layers: [{ inputs: 2, outputs: 1, weights: [0.5, -0.25], bias: [0.125], ...layer }],
  });

/** A tfjs model folder: model.json with one dense layer (2 -> 1) and its shard. */
async function tfjsFolder(dir: string, paths = ['weights.bin']): Promise<string> {
  await mkdir(dir, { recursive: true });
  const manifest = [
    {
      paths,
      weights: [
        { name: 'dense/kernel', shape: [2, 1], dtype: 'float32' },
        { name: 'dense/bias', shape: [1], dtype: 'float32' },
      ],
    },
  ];
  await writeFile(path.join(dir, 'model.json'), JSON.stringify({ format: 'layers-model', weightsManifest: manifest }));
  return dir;
}

describe('weights files from user paths', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-weights-'));

  it('refuses a FIFO named like a weights file without waiting for a writer', REFUSE, async () => {
    const fifo = path.join(dir, 'w.json');
    execFileSync('mkfifo', [fifo]);
    expect(await messageOf(loadWeightsFile(fifo), fifo)).toBe('PATH is a FIFO (named pipe), not a weights file');
  });

  it.runIf(existsSync('/dev/zero'))('refuses /dev/zero, also under a .json name', REFUSE, async () => {
    await expect(loadWeightsFile('/dev/zero')).rejects.toThrow(
      '/dev/zero is a character device, not weights: give a spinplan weights .json file or a tfjs model folder (with model.json)',
    );
    const zero = path.join(dir, 'zero.json');
    await symlink('/dev/zero', zero);
    expect(await messageOf(loadWeightsFile(zero), zero)).toBe('PATH is a character device, not a weights file');
  });

  it('refuses a FIFO as model.json or as a weight shard of a tfjs folder', REFUSE, async () => {
    const a = path.join(dir, 'fifo-model');
    await mkdir(a);
    execFileSync('mkfifo', [path.join(a, 'model.json')]);
    expect(await messageOf(loadWeightsFile(a, SIGMOID), a)).toBe('PATH/model.json is a FIFO (named pipe), not a tfjs model.json');
    const b = await tfjsFolder(path.join(dir, 'fifo-shard'));
    execFileSync('mkfifo', [path.join(b, 'weights.bin')]);
    expect(await messageOf(weightsFromTfjs(b, SIGMOID), b)).toBe(
      'PATH/weights.bin is a FIFO (named pipe), not a weight file of PATH/model.json (its weight files hold 268435456 bytes at most together)',
    );
  });

  it("refuses shard paths that leave the model's folder", REFUSE, async () => {
    for (const shard of ['/dev/zero', '../passwd', '.']) {
      const folder = await tfjsFolder(path.join(dir, `escape-${shard.replace(/\W/g, '')}`), [shard]);
      expect(await messageOf(weightsFromTfjs(folder, SIGMOID), folder)).toBe(
        "PATH/model.json: weightsManifest.0.paths.0 is not a file in the model's folder; tfjs weight files sit beside model.json",
      );
    }
  });

  it('refuses a file over the size limit before reading it', REFUSE, async () => {
    const big = path.join(dir, 'big.json');
    await writeFile(big, '');
    await truncate(big, MAX_WEIGHTS_JSON_BYTES + 1); // sparse: nothing is written
    expect(await messageOf(loadWeightsFile(big), big)).toBe(
      `PATH is ${MAX_WEIGHTS_JSON_BYTES + 1} bytes, over the limit of ${MAX_WEIGHTS_JSON_BYTES} for a weights file`,
    );
  });

  it('quotes nothing of a file that is not weights', REFUSE, async () => {
    const messages: string[] = [];
    const secret = path.join(dir, 'passwd.json');
    await writeFile(secret, 'root:x:0:0:secret\n');
    messages.push(await messageOf(loadWeightsFile(secret), secret));
    expect(messages[0]).toBe(
      'PATH is not JSON: it starts with a letter; a weights file is the JSON of spinplan train or finetune, or a tfjs model.json',
    );
    // Valid JSON with the file's text in the fields the messages talk about.
    messages.push(
      await messageOf(Promise.resolve().then(() => weightsFromJson(spinplanJson({ inputs: 'root:x:0:0:secret' }), 'W'))),
    );
    expect(messages[1]).toBe('W: layers[0].inputs and .outputs must be whole numbers');
    messages.push(
      await messageOf(Promise.resolve().then(() => weightsFromJson(spinplanJson({ weights: [0.5, 'root:x:0:0:secret'] }), 'W'))),
    );
    expect(messages[2]).toBe('W: layers[0].weights[1] is not a finite number');
    // A model.json whose JSON breaks after the manifest: where, not what.
    const model = path.join(dir, 'model-broken.json');
    await writeFile(model, '{"weightsManifest": [], root:x:0:0:secret}');
    messages.push(await messageOf(loadWeightsFile(model), model));
    expect(messages[3]).toBe(
      'PATH is not valid JSON at line 1, column 25: expected a field name in double quotes, found a letter',
    );
    for (const m of messages) {
      expect(m).not.toContain('root');
      expect(m).not.toContain('secret');
    }
  });

  it('still reads spinplan JSON and a tfjs folder', REFUSE, async () => {
    const json = path.join(dir, 'ok.json');
    await writeFile(json, spinplanJson());
    const a = await loadWeightsFile(json);
    expect(a.network).toEqual({ layers: [2, 1], activation: { kind: 'sigmoid' } });
    expect([...a.layers[0]!.weights, ...a.layers[0]!.bias]).toEqual([0.5, -0.25, 0.125]);
    const folder = await tfjsFolder(path.join(dir, 'ok-tfjs'));
    await writeFile(path.join(folder, 'weights.bin'), Buffer.from(Float32Array.from([0.5, -0.25, 0.125]).buffer));
    const b = await loadWeightsFile(folder, { kind: 'relu' });
    expect(b.network).toEqual({ layers: [2, 1], activation: { kind: 'relu' } });
    expect([...b.layers[0]!.weights, ...b.layers[0]!.bias]).toEqual([0.5, -0.25, 0.125]);
    expect((await loadWeightsFile(path.join(folder, 'model.json'))).layers[0]!.weights).toEqual(b.layers[0]!.weights);
  });
});
