import { describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../devices/presets.js';
import { layoutNetwork } from '../model/network-layout.js';
import { chipCost } from '../ppa/chip-cost.js';
import { designLayers } from '../ppa/design-layers.js';
import { COMPONENT_COLORS, ppaBars, ppaFigures, ppaHtml } from './ppa-view.js';

const design = layoutNetwork({
  name: 'bars',
  layers: [32, 8],
  arrayRows: 16,
  arrayCols: 8,
  device: deviceFromPreset('sot-mtj-10k', { id: 'dev_1' }),
  topology: 'passive',
  mapping: 'differential',
  states: { pattern: 'checker', seed: 1 },
});
const ppa = chipCost(design, designLayers(design), { readPulse: 10e-9 });

describe("the chip's cost as people see it", () => {
  it('stacks energy and area by component, shares adding to one, in the fixed colours', () => {
    const [energy, area] = ppaBars(ppa);
    expect(energy!.title).toBe('energy per inference');
    expect(area!.title).toBe('area');
    for (const bar of [energy!, area!]) {
      expect(bar.segments.reduce((s, x) => s + x.share, 0)).toBeCloseTo(1, 12);
      for (const s of bar.segments) expect(s.color).toBe(COMPONENT_COLORS[s.key]);
    }
    expect(area!.segments.map((s) => s.key)).not.toContain('leakage');
    expect(ppaFigures(ppa).map((f) => f.label)).toEqual([
      'latency / inference',
      'throughput',
      'energy / inference',
      'TOPS/W',
      'TOPS/mm²',
      'chip area',
      'programming',
      'periphery',
    ]);
  });

  it('writes an HTML section with both bars as inline SVG, one rectangle per component, and each layer', () => {
    const html = ppaHtml(ppa);
    const [energy, area] = ppaBars(ppa);
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html.match(/<rect /g)).toHaveLength(energy!.segments.length + area!.segments.length);
    expect(html).toContain(`fill="${COMPONENT_COLORS.adc}"`);
    expect(html).toMatch(/<tr><td>0<\/td><td>2<\/td>/);
    expect(ppaHtml(undefined)).toBe('');
  });
});
