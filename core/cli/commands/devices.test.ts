import { describe, expect, it } from 'vitest';
import { runCli } from '../main.js';

async function run(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: () => {}, cwd: process.cwd() });
  return { code, out };
}

describe('spinplan devices', () => {
  it("prints each preset's write cost and pulse programming", async () => {
    const { code, out } = await run(['devices']);
    expect(code).toBe(0);
    // 0.7 V for 200 ns into 300 ohm: 0.49 * 2e-7 / 300 = 327 pJ.
    expect(out).toContain('  write: 0.7 V, 200 ns into 300 ohm: 327 pJ per pulse\n');
    expect(out).toContain('Vc 0.7 V (spread 5 %), w 0.05: P 0.500 a pulse, 4.5e-5 at V/2; 5 pulses span the window');
    expect(out).toContain(
      '6.00e+11 A/m^2 through the 150 nm x 2 nm track; the wall hops a notch with P 0.982 a pulse, 3.4e-4 at V/2',
    );
    expect(out).toContain('SET 15 / RESET 15 pulses across the linearity range');
  });

  it('gives the pulse, its energy and span in JSON', async () => {
    const { presets } = JSON.parse((await run(['devices', '--json'])).out) as {
      presets: { key: string; pulse: { voltage: number; width: number; energy: number; span: number; parameters: string } }[];
    };
    const dw = presets.find((p) => p.key === 'dw-notch-5')!;
    expect(dw.pulse).toMatchObject({ voltage: 0.18, width: 1e-8, span: 5 });
    expect(dw.pulse.energy).toBeCloseTo((0.18 ** 2 * 1e-8) / 1000, 25);
    expect(presets.every((p) => p.pulse.parameters.length > 0)).toBe(true);
  });
});
