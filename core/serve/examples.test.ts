import { mkdtemp, readdir, realpath, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseApiArgs } from '../api/contract.js';
import { Examples, examplesDir } from './examples.js';
import { createServices } from './services.js';

describe('the bundled examples, through the Api', async () => {
  // A session whose folders the UI may use hold none of the examples: they are reached by name only.
  const cwd = await realpath(await mkdtemp(path.join(tmpdir(), 'spinplan-examples-')));
  const services = createServices({ mode: 'browser', cwd, stateDir: null, roots: [cwd] });
  afterAll(() => services.close());

  it('lists every design of resources/examples with its title, first sentence and array count', async () => {
    const dir = examplesDir()!;
    const files = (await readdir(dir)).filter((f) => f.endsWith('.spinplan.json')).sort();
    const { list, opened } = await services.examples(null);
    expect(opened).toBeNull();
    expect(list.map((e) => `${e.name}.spinplan.json`)).toEqual(files);
    const mnist = list.find((e) => e.name === 'mnist-784x128-compound-mtj')!;
    expect(mnist.arrays).toBe(7);
    expect(mnist.title).toMatch(/MNIST/);
    expect(mnist.summary).toMatch(/\.$/);
  });

  it('opens one by name, as a design of no file of the user’s', async () => {
    const { opened } = await services.examples('dw-notch-16x16-passive');
    expect(opened?.ok).toBe(true);
    if (!opened?.ok) return;
    expect(opened.design.arrays).toHaveLength(1);
    expect(Object.keys(opened)).not.toContain('file');
  });

  it('opens nothing but a listed name: no path, no other file', async () => {
    for (const name of ['../../package', '/etc/passwd', 'mnist-784x128-compound-mtj.spinplan.json', '']) {
      const { opened } = await services.examples(name);
      expect(opened).toMatchObject({ ok: false, name });
      expect(opened?.ok === false && opened.message).toMatch(/^there is no example/);
    }
    expect(parseApiArgs('examples', [42]).ok).toBe(false);
    expect(parseApiArgs('examples', [null]).ok).toBe(true);
  });

  it('skips a file in the folder that is not a valid design', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-examples-dir-'));
    await writeFile(path.join(dir, 'broken.spinplan.json'), '{');
    expect(await new Examples(dir).list()).toEqual([]);
    expect((await new Examples(null).answer('x')).opened).toMatchObject({ ok: false });
  });
});
