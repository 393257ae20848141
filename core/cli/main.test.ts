import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './main.js';

async function run(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd });
  return { code, out, err };
}

describe('spinplan CLI', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-cli-'));

  it('new writes a design that validate accepts, and info describes it', async () => {
    const made = await run(
      [
        'new',
        '--topology',
        'row-transistor',
        '--rows',
        '32',
        '--cols',
        '16',
        '--device',
        'sot-mtj-1.6nm',
        '--cells',
        '3',
        '--wire-r',
        '1.5',
        '--states',
        'checker',
        '-o',
        'd.spinplan.json',
      ],
      dir,
    );
    expect(made).toMatchObject({ code: 0, err: '' });
    expect(await run(['validate', 'd.spinplan.json'], dir)).toEqual({ code: 0, out: 'ok\n', err: '' });
    const info = await run(['info', 'd.spinplan.json', '--json'], dir);
    const summary = JSON.parse(info.out);
    expect(summary.arrays[0]).toMatchObject({ rows: 32, cols: 16, physicalColumns: 32, topology: 'row-transistor' });
    expect(summary.devices[0].levels).toHaveLength(4);
    expect(summary.technology.wireRow).toBe('1.5 ohm/cell');
    expect((await run(['info', 'd.spinplan.json'], dir)).out).toMatch(/utilisation/);
  });

  it('the same seed gives the same file', async () => {
    const args = (o: string) => [
      'new',
      '--topology',
      'passive',
      '--rows',
      '8',
      '--cols',
      '8',
      '--device',
      'tilted-11',
      '--seed',
      '5',
      '--name',
      'same',
      '-o',
      o,
    ];
    await run(args('s1.json'), dir);
    await run(args('s2.json'), dir);
    expect(await readFile(path.join(dir, 's1.json'), 'utf8')).toBe(await readFile(path.join(dir, 's2.json'), 'utf8'));
  });

  it('validate lists every problem and exits 2', async () => {
    const design = JSON.parse(await readFile(path.join(dir, 'd.spinplan.json'), 'utf8'));
    design.arrays[0].rows = 0;
    design.devices[0].rP = -3;
    await writeFile(path.join(dir, 'bad.json'), JSON.stringify(design));
    const r = await run(['validate', 'bad.json'], dir);
    expect(r.code).toBe(2);
    expect(r.out).toContain('arrays[0].rows: 0 is not allowed, must be a whole number 1..4096');
    expect(r.out).toContain('devices[0].rP: -3 is not allowed');
  });

  it('device-add adds a measured device to the library', async () => {
    const r = await run(['device-add', 'd.spinplan.json', '--name', 'Lab sample 7', '--resistances', '31000,27000,24000'], dir);
    expect(r).toMatchObject({ code: 0, err: '' });
    const info = JSON.parse((await run(['info', 'd.spinplan.json', '--json'], dir)).out);
    expect(info.devices[1]).toMatchObject({ id: 'dev_2', name: 'Lab sample 7', kind: 'measured' });
    expect(info.devices[1].levels[0]).toBeCloseTo(1 / 31000, 12);
  });

  it('devices lists presets with sources', async () => {
    const r = await run(['devices', '--json'], dir);
    const presets = JSON.parse(r.out).presets;
    expect(presets.find((p: { key: string }) => p.key === 'sot-mtj-1.6nm').device.source.doi).toBe('10.1039/d4nh00097h');
    expect((await run(['devices'], dir)).out).toContain('Nanoscale Horizons 2024');
  });

  const mistakes: [string[], RegExp][] = [
    [['frobnicate'], /unknown command "frobnicate"/],
    [['new', '--rows', '4'], /--cols \(weight columns, 1..4096\), --device .*--topology \(array topology\).* are required/],
    [
      ['new', '--topology', 'mesh', '--rows', '4', '--cols', '4', '--device', 'tilted-11', '-o', 'x.json'],
      /--topology "mesh" is not allowed, must be one of passive, row-transistor, cell-transistor/,
    ],
    [
      ['new', '--topology', 'passive', '--rows', 'four', '--cols', '4', '--device', 'tilted-11', '-o', 'x.json'],
      /--rows "four" is not a number/,
    ],
    [
      ['new', '--topology', 'passive', '--rows', '5000', '--cols', '4', '--device', 'tilted-11', '-o', 'x.json'],
      /--rows 5000 is not allowed, must be 1..4096/,
    ],
    [
      ['new', '--topology', 'passive', '--rows', '4', '--cols', '4', '--device', 'tilted-11', '--cells', '3', '-o', 'x.json'],
      /--cells applies to compound MTJ presets only/,
    ],
    [
      ['new', '--topology', 'passive', '--rows', '4', '--cols', '4', '--device', 'tilted-11', '--bogus', '-o', 'x.json'],
      /unknown option --bogus/,
    ],
    [['validate'], /missing FILE/],
    [['info', 'does-not-exist.json'], /does-not-exist\.json does not exist/],
  ];
  for (const [args, expected] of mistakes) {
    it(`says clearly what is wrong: ${args.join(' ')}`, async () => {
      const r = await run(args, dir);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(expected);
      expect(r.err).not.toMatch(/\n\s+at /); // no stack trace for a user mistake
    });
  }

  it('every command has --help', async () => {
    for (const name of ['new', 'validate', 'info', 'devices', 'device-add', 'serve']) {
      const r = await run([name, '--help'], dir);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`^Usage: spinplan ${name}`));
    }
  });
});

describe('version', () => {
  it('matches package.json', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
    let out = '';
    await runCli(['--version'], { stdout: (t) => (out += t), stderr: () => undefined, cwd: '.' });
    expect(out).toBe(`spinplan ${pkg.version}\n`);
  });
});

describe('simulate', () => {
  it('--nonlinear --json reports Newton iterations and residual beside the column currents', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-sim-'));
    await run(
      [
        'new',
        '--topology',
        'cell-transistor',
        '--rows',
        '6',
        '--cols',
        '3',
        '--device',
        'sot-mtj-1.6nm',
        '--cells',
        '2',
        '-o',
        'n.json',
      ],
      dir,
    );
    const linear = JSON.parse((await run(['simulate', 'n.json', '--json'], dir)).out);
    const r = await run(['simulate', 'n.json', '--json', '--nonlinear'], dir);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.array).toBe('arr_1');
    expect(out.columns).toHaveLength(6);
    expect(out.nonlinear.iterations).toBeGreaterThan(0);
    expect(out.nonlinear.residual).toBeLessThan(1e-9);
    // Bias-dependent TMR raises the AP conductance a little and the transistor curve lowers the current: close to, not equal to, linear.
    for (let j = 0; j < 6; j++) {
      const rel = Math.abs(out.columns[j].current - linear.columns[j].current) / Math.abs(linear.columns[j].current);
      expect(rel).toBeGreaterThan(0);
      expect(rel).toBeLessThan(0.2);
    }
    // Every amp the sources deliver leaves through a sense input at 0 V, so with V_read on every row the read power
    // is exactly V_read * sum_j I_j; the energy per read is that times the pulse (10 ns by default).
    const total = linear.columns.reduce((s: number, c: { current: number }) => s + c.current, 0);
    expect(linear.power.total).toBeCloseTo(0.1 * total, 15);
    expect(linear.readEnergy).toBeCloseTo(linear.power.total * 10e-9, 20);
    const text = (await run(['simulate', 'n.json', '--read-pulse', '2e-9'], dir)).out;
    expect(text).toMatch(/^read power \d+(\.\d+)? [um]W \(cells \d+\.\d %, row wires .*\); energy per read .*J at a 2 ns pulse/m);
    const bad = await run(['simulate', 'n.json', '--read-pulse', '-1'], dir);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/--read-pulse -1 is not allowed, must be 1e-12\.\.1e-3 s/);
  });
});
