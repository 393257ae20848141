import { encodeBase64 } from '../model/base64.js';
import type { ArrayRecord, Design } from '../model/design.js';
import { findDevice, levelCount, physicalColumns } from '../model/design.js';
import { arrayStates } from '../model/states.js';
import { TOPOLOGY_TRAITS, type Topology } from '../model/topology.js';
import { hex, topologyColor, viridis } from './figure-colors.js';
import { arrayBlocks, dieRect, placedArrays, type PlacedArray } from './floorplan-blocks.js';
import { FLOORPLAN_LAYERS, type FloorplanLayerKey } from './layers.js';
import { palettePng } from './png.js';
import { scaleBar } from './scale-bar.js';

/** How a figure fills the cell areas: a colour per topology, or each cell's programmed level. */
export const FIGURE_COLORINGS = ['topology', 'states'] as const;
export type FigureColoring = (typeof FIGURE_COLORINGS)[number];

export interface FigureOptions {
  coloring?: FigureColoring;
  /** The die's longer edge, in CSS pixels (default 720). */
  size?: number;
  /** The chip's name above the die (default true). */
  title?: boolean;
}

/** Longest edge of a state heatmap in a figure; a bigger array is sampled (a cell per pixel up to this). */
const MAX_HEATMAP_EDGE = 512;
const FONT = 'Helvetica, Arial, sans-serif';
const MARGIN = 16;
const LEGEND_GAP = 28;
const LEGEND_WIDTH = 230;
const LINE = 20;

/**
 * The floorplan as an SVG figure for papers, from the same blocks the GDSII export
 * writes: the die, each array block with its periphery bands, cell areas coloured by
 * topology or by programmed state, the arrays' names, a scale bar and a legend. Shapes
 * carry `data-array` and `data-layer` so a figure can be checked against the design.
 */
export function floorplanSvg(design: Design, options: FigureOptions = {}): string {
  const coloring = options.coloring ?? 'topology';
  const scale = (options.size ?? 720) / Math.max(design.chip.width, design.chip.height);
  const placed = placedArrays(design);
  const titleHeight = options.title === false ? 0 : 28;
  const die = { x: MARGIN, y: MARGIN + titleHeight, width: design.chip.width * scale, height: design.chip.height * scale };
  const legend = legendEntries(design, placed, coloring);
  const legendHeight = legend.length * LINE + (coloring === 'states' ? 40 : 0) + 24;
  // A long chip name widens the figure rather than running off it (about 0.6 em a character).
  const titleWidth = titleHeight > 0 ? 2 * MARGIN + 0.6 * 15 * design.chip.name.length : 0;
  const width = Math.max(die.x + die.width + LEGEND_GAP + LEGEND_WIDTH + MARGIN, titleWidth);
  const height = Math.max(die.y + die.height + 44, die.y + legendHeight) + MARGIN;
  const px = (um: number) => um * scale;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(width)}" height="${n(height)}" viewBox="0 0 ${n(width)} ${n(height)}" font-family="${FONT}">`,
    `<title>${esc(design.chip.name)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
  ];
  if (titleHeight > 0)
    out.push(`<text x="${n(MARGIN)}" y="${n(MARGIN + 16)}" font-size="15" font-weight="bold">${esc(design.chip.name)}</text>`);
  const d = FLOORPLAN_LAYERS.die;
  out.push(
    `<rect data-layer="die" x="${n(die.x)}" y="${n(die.y)}" width="${n(die.width)}" height="${n(die.height)}" fill="#fafafa" stroke="${d.color}" stroke-width="1.5"/>`,
  );
  out.push('<g id="arrays">');
  for (const p of placed) {
    out.push(`<g data-array="${esc(p.array.id)}">`);
    for (const block of arrayBlocks(p.layout)) {
      const r = dieRect(p.placement, block.rect);
      const [fill, stroke] = blockPaint(block.layer, p.array.topology);
      out.push(
        `<rect data-array="${esc(p.array.id)}" data-layer="${block.layer}" x="${n(die.x + px(r.x))}" y="${n(die.y + px(r.y))}" width="${n(px(r.width))}" height="${n(px(r.height))}" fill="${fill}"${stroke}/>`,
      );
    }
    if (coloring === 'states') out.push(stateImage(design, p, scale, die));
    out.push('</g>');
  }
  out.push('</g>', '<g id="names">');
  for (const p of placed) out.push(nameText(p, scale, die));
  out.push('</g>');
  out.push(scaleBarSvg(design.chip.width, scale, die.x, die.y + die.height + 22));
  out.push(legendSvg(legend, coloring, die.x + die.width + LEGEND_GAP, die.y));
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** Fill and stroke of a block: the layer's colour, the cell area its topology's (states cover it with their image). */
function blockPaint(layer: FloorplanLayerKey, topology: Topology): [string, string] {
  if (layer === 'arrayBoundary') return ['none', ` stroke="${FLOORPLAN_LAYERS.arrayBoundary.color}" stroke-width="1"`];
  if (layer === 'cells') return [topologyColor(topology), ''];
  return [FLOORPLAN_LAYERS[layer].color, ''];
}

interface LegendEntry {
  label: string;
  fill: string;
  outline?: boolean;
}

/** One row per colour the figure shows, in drawing order: cell areas, the periphery present, the die. */
function legendEntries(design: Design, placed: PlacedArray[], coloring: FigureColoring): LegendEntry[] {
  const entries: LegendEntry[] = [];
  if (coloring === 'topology') {
    const topologies = [...new Set(design.arrays.map((a) => a.topology))];
    for (const t of topologies) entries.push({ label: `cells, ${TOPOLOGY_TRAITS[t].label}`, fill: topologyColor(t) });
  }
  const present = new Set(placed.flatMap((p) => arrayBlocks(p.layout).map((b) => b.layer)));
  for (const key of ['rowDrivers', 'rowTransistors', 'columnPeriphery'] as const)
    if (present.has(key)) entries.push({ label: FLOORPLAN_LAYERS[key].label, fill: FLOORPLAN_LAYERS[key].color });
  if (placed.length > 0) entries.push({ label: 'array block', fill: FLOORPLAN_LAYERS.arrayBoundary.color, outline: true });
  entries.push({ label: 'die', fill: FLOORPLAN_LAYERS.die.color, outline: true });
  return entries;
}

function legendSvg(entries: LegendEntry[], coloring: FigureColoring, x: number, y: number): string {
  const out = ['<g id="legend" font-size="12">'];
  let at = y;
  if (coloring === 'states') {
    out.push(`<text x="${n(x)}" y="${n(at + 10)}">programmed level</text>`);
    const stops = Array.from({ length: 11 }, (_, i) => `<stop offset="${i / 10}" stop-color="${hex(viridis(i / 10))}"/>`);
    out.push(`<defs><linearGradient id="levels">${stops.join('')}</linearGradient></defs>`);
    out.push(`<rect x="${n(x)}" y="${n(at + 16)}" width="140" height="10" fill="url(#levels)"/>`);
    out.push(`<text x="${n(x)}" y="${n(at + 38)}" font-size="10">lowest</text>`);
    out.push(`<text x="${n(x + 140)}" y="${n(at + 38)}" font-size="10" text-anchor="end">highest</text>`);
    at += 46;
  }
  for (const e of entries) {
    const swatch = e.outline
      ? `fill="none" stroke="${e.fill}" stroke-width="1.5"`
      : `fill="${e.fill}" stroke="#00000033" stroke-width="0.5"`;
    out.push(`<rect x="${n(x)}" y="${n(at + 2)}" width="18" height="12" ${swatch}/>`);
    out.push(`<text x="${n(x + 26)}" y="${n(at + 12)}">${esc(e.label)}</text>`);
    at += LINE;
  }
  out.push('</g>');
  return out.join('\n');
}

function scaleBarSvg(dieWidth: number, scale: number, x: number, y: number): string {
  const bar = scaleBar(dieWidth / 4);
  const w = bar.length * scale;
  return [
    '<g id="scale-bar" font-size="12">',
    `<path d="M${n(x)} ${n(y - 5)}V${n(y)}H${n(x + w)}V${n(y - 5)}" fill="none" stroke="#000000" stroke-width="1.5"/>`,
    `<text x="${n(x + w + 6)}" y="${n(y + 4)}">${esc(bar.label)}</text>`,
    '</g>',
  ].join('\n');
}

/** An array's name at its footprint's centre, upright, as large as fits (with a white halo to read over a heatmap). */
function nameText(p: PlacedArray, scale: number, die: { x: number; y: number }): string {
  const f = p.footprint;
  const size = Math.max(
    6,
    Math.min(14, (0.9 * f.width * scale) / (0.6 * Math.max(1, p.array.name.length)), (f.height * scale) / 3),
  );
  const cx = die.x + (f.x + f.width / 2) * scale;
  const cy = die.y + (f.y + f.height / 2) * scale;
  return `<text data-array="${esc(p.array.id)}" x="${n(cx)}" y="${n(cy)}" font-size="${n(size)}" text-anchor="middle" dominant-baseline="central" stroke="#ffffff" stroke-width="${n(size / 4)}" stroke-opacity="0.8" paint-order="stroke">${esc(p.array.name)}</text>`;
}

/** The cell area's programmed levels as an embedded PNG, drawn in the array's own frame and turned with it. */
function stateImage(design: Design, p: PlacedArray, scale: number, die: { x: number; y: number }): string {
  const { array, layout, placement } = p;
  const device = findDevice(design, array.device)!;
  const top = Math.max(1, levelCount(device) - 1);
  const indices = sampledStates(array);
  const palette = Array.from({ length: top + 1 }, (_, level) => viridis(level / top));
  const png = palettePng(indices.width, indices.height, indices.pixels, palette);
  const c = layout.cells;
  const tx = die.x + placement.x * scale;
  const ty = die.y + placement.y * scale;
  return `<image data-array="${esc(array.id)}" data-layer="states" x="${n(c.x)}" y="${n(c.y)}" width="${n(c.width)}" height="${n(c.height)}" preserveAspectRatio="none" style="image-rendering:pixelated" transform="translate(${n(tx)} ${n(ty)}) rotate(${placement.rotation}) scale(${scale})" href="data:image/png;base64,${encodeBase64(png)}"/>`;
}

/** Level index per pixel: one cell per pixel up to MAX_HEATMAP_EDGE a side, sampled beyond. */
function sampledStates(array: ArrayRecord): { width: number; height: number; pixels: Uint8Array } {
  const states = arrayStates(array);
  const cols = physicalColumns(array);
  const width = Math.min(cols, MAX_HEATMAP_EDGE);
  const height = Math.min(array.rows, MAX_HEATMAP_EDGE);
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = Math.floor((y * array.rows) / height);
    for (let x = 0; x < width; x++) pixels[y * width + x] = states[row * cols + Math.floor((x * cols) / width)]!;
  }
  return { width, height, pixels };
}

/** Numbers with at most three decimals: enough for a figure, short in the file. */
function n(v: number): string {
  return String(Math.round(v * 1000) / 1000);
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
