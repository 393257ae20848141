import { describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../../devices/presets.js';
import { newSingleArrayDesign } from '../new-design.js';
import { adcAt, defaultChecks } from '../periphery-nodes.js';
import { applyDiff, problemsAfter, updateTechnology } from './index.js';

describe('editing the periphery models and the check thresholds', () => {
  const design = newSingleArrayDesign({
    name: 'p',
    topology: 'passive',
    rows: 4,
    cols: 4,
    device: deviceFromPreset('sot-mtj-10k', { id: 'dev_1' }),
    mapping: 'differential',
    states: 'checker',
    seed: 1,
  });

  it("merges a circuit's fields, replaces it whole when its kind changes, and refuses a bad value", () => {
    const p = design.technology.periphery;
    const fom = applyDiff(design, updateTechnology(design, { periphery: { adc: { fom: 5e-15 } } }));
    expect(fom.technology.periphery.adc).toEqual({ ...p.adc, fom: 5e-15 });
    const flash = applyDiff(design, updateTechnology(design, { periphery: { adc: adcAt(22, 'flash') } }));
    expect(flash.technology.periphery.adc).toEqual(adcAt(22, 'flash'));
    expect(flash.technology.periphery.sense).toEqual(p.sense);
    const bad = updateTechnology(design, { periphery: { columnsPerAdc: 0 } });
    expect(problemsAfter(design, bad)[0]!.path).toBe('technology.periphery.columnsPerAdc');
  });

  it('sets one threshold over the defaults the design had', () => {
    expect(design.technology.checks).toBeUndefined();
    const next = applyDiff(design, updateTechnology(design, { checks: { irDrop: 0.2 } }));
    expect(next.technology.checks).toEqual({ ...defaultChecks(), irDrop: 0.2 });
  });
});
