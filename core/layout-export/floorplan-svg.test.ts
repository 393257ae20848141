import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { findDevice, levelCount, physicalColumns } from '../model/design.js';
import { arrayLayout, arrayPlacement, localToDie } from '../model/geometry.js';
import { arrayStates, encodeStates, patternStates } from '../model/states.js';
import { TOPOLOGY_TRAITS } from '../model/topology.js';
import { hex, viridis } from './figure-colors.js';
import { arrayBlocks } from './floorplan-blocks.js';
import { floorplanSvg } from './floorplan-svg.js';
import { sampleFloorplan } from './fixtures/sample-floorplan.js';
import { scaleBar } from './scale-bar.js';

/** The attributes of every element with this tag, as strings (the figure writes double-quoted attributes). */
function elements(svg: string, tag: string): Record<string, string>[] {
  return [...svg.matchAll(new RegExp(`<${tag}\\s([^>]*?)/?>`, 'g'))].map((m) =>
    Object.fromEntries([...m[1]!.matchAll(/([\w:-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])),
  );
}

/** Tags open and close in order: the figure is well-formed XML. */
function expectWellFormed(svg: string): void {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([\w:-]+)[^>]*?(\/?)>/g)) {
    if (m[3]) continue;
    if (!m[1]) stack.push(m[2]!);
    else expect(stack.pop()).toBe(m[2]);
  }
  expect(stack).toEqual([]);
  expect(svg).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#39;)/);
}

describe('floorplan SVG', () => {
  const design = sampleFloorplan();
  design.arrays[0]!.name = 'A<&>"quoted"';

  it("draws every block of every array where the design's geometry puts it, at the figure's scale", () => {
    const svg = floorplanSvg(design, { size: 500 });
    expectWellFormed(svg);
    const scale = 500 / Math.max(design.chip.width, design.chip.height);
    const [die] = elements(svg, 'rect').filter((r) => r['data-layer'] === 'die');
    const origin = { x: Number(die!.x), y: Number(die!.y) };
    expect(Number(die!.width)).toBeCloseTo(design.chip.width * scale, 2);
    expect(Number(die!.height)).toBeCloseTo(design.chip.height * scale, 2);
    const drawn = elements(svg, 'rect').filter((r) => r['data-array']);
    const want = design.arrays.flatMap((array) => {
      const layout = arrayLayout(design, array, findDevice(design, array.device)!);
      const placement = arrayPlacement(array, layout.size);
      return arrayBlocks(layout).map(({ layer, rect }) => {
        const a = localToDie(placement, rect);
        const b = localToDie(placement, { x: rect.x + rect.width, y: rect.y + rect.height });
        return {
          array: array.id,
          layer,
          x: Math.min(a.x, b.x),
          y: Math.min(a.y, b.y),
          w: Math.abs(a.x - b.x),
          h: Math.abs(a.y - b.y),
        };
      });
    });
    expect(drawn.map((r) => [r['data-array'], r['data-layer']])).toEqual(want.map((w) => [w.array, w.layer]));
    drawn.forEach((r, i) => {
      const w = want[i]!;
      expect(Number(r.x)).toBeCloseTo(origin.x + w.x * scale, 2);
      expect(Number(r.y)).toBeCloseTo(origin.y + w.y * scale, 2);
      expect(Number(r.width)).toBeCloseTo(w.w * scale, 2);
      expect(Number(r.height)).toBeCloseTo(w.h * scale, 2);
    });
  });

  it('names each array at its centre (escaped), and has a legend of the topologies and periphery present and a scale bar', () => {
    const svg = floorplanSvg(design);
    expectWellFormed(svg);
    const names = [...svg.matchAll(/<text data-array="([^"]+)"[^>]*>([^<]*)<\/text>/g)].map((m) => [m[1], m[2]]);
    expect(names).toEqual(
      design.arrays.map((a, i) => [a.id, i === 0 ? 'A&lt;&amp;&gt;&quot;quoted&quot;' : a.name.replace('&', '&amp;')]),
    );
    const legend = svg.slice(svg.indexOf('<g id="legend"'));
    const labels = [...legend.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(labels).toEqual([
      `cells, ${TOPOLOGY_TRAITS['row-transistor'].label}`,
      `cells, ${TOPOLOGY_TRAITS.passive.label}`,
      `cells, ${TOPOLOGY_TRAITS['cell-transistor'].label}`,
      'row drivers',
      'row transistors',
      'sense amplifiers + ADCs',
      'array block',
      'die',
    ]);
    expect(svg).toMatch(new RegExp(`<g id="scale-bar"[^]*>${scaleBar(design.chip.width / 4).label}</text>`));
    expect(svg.match(/<title>([^<]*)<\/title>/)![1]).toBe('export sample');
  });

  it("shows each cell's programmed level as an embedded image turned with its array, coloured as the legend says", () => {
    const states = sampleFloorplan();
    states.arrays.forEach((a, i) => {
      const levels = levelCount(findDevice(states, a.device)!);
      a.states = encodeStates(patternStates('random', a.rows, physicalColumns(a), levels, 7 + i));
    });
    const svg = floorplanSvg(states, { coloring: 'states' });
    expectWellFormed(svg);
    const images = elements(svg, 'image');
    expect(images.map((im) => im['data-array'])).toEqual(states.arrays.map((a) => a.id));
    images.forEach((im, k) => {
      const array = states.arrays[k]!;
      expect(im.transform).toMatch(new RegExp(` rotate\\(${array.rotation}\\) `));
      const png = Buffer.from(im.href!.replace('data:image/png;base64,', ''), 'base64');
      // IHDR width and height, then the palette and the scanlines (zlib inflates them).
      const cols = physicalColumns(array);
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([cols, array.rows]);
      const plteAt = png.indexOf('PLTE');
      const top = levelCount(findDevice(states, array.device)!) - 1;
      const palette = png.subarray(plteAt + 4, plteAt + 4 + png.readUInt32BE(plteAt - 4));
      expect(palette.length).toBe(3 * (top + 1));
      expect(hex([...palette.subarray(3 * top, 3 * top + 3)])).toBe(hex(viridis(1)));
      const idatAt = png.indexOf('IDAT');
      const raw = inflateSync(png.subarray(idatAt + 4, idatAt + 4 + png.readUInt32BE(idatAt - 4)));
      const levels = arrayStates(array);
      for (let r = 0; r < array.rows; r++)
        expect([...raw.subarray(r * (cols + 1) + 1, (r + 1) * (cols + 1))]).toEqual([
          ...levels.subarray(r * cols, (r + 1) * cols),
        ]);
    });
    expect(svg).toMatch(/programmed level/);
  });

  it('picks a scale bar of 1, 2 or 5 times a power of ten', () => {
    expect([scaleBar(240), scaleBar(1000), scaleBar(3.3), scaleBar(0.07), scaleBar(4999)]).toEqual([
      { length: 200, label: '200 µm' },
      { length: 1000, label: '1 mm' },
      { length: 2, label: '2 µm' },
      { length: 0.05, label: '50 nm' },
      { length: 2000, label: '2 mm' },
    ]);
  });
});
