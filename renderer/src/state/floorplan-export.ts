import { floorplanSvg, type FigureColoring } from '../../../core/api/floorplan-figure.js';
import type { Ctx } from './commands.js';
import { baseName } from './format.js';

/** File > Export GDSII…: the floorplan for layout tools (the engine writes it from the design). */
export async function exportGds(ctx: Ctx): Promise<void> {
  const { editor } = ctx;
  const stem = editor.doc.name.replace(/\s+/g, '_');
  const file = await editor.ui.pickFile('save', 'Export the floorplan as GDSII', '.gds', `${stem}.gds`);
  if (!file) return;
  const result = await editor.api.exportGds(file, editor.doc.design);
  if (!result.ok) editor.ui.showError({ title: 'GDSII export failed', message: result.message, problems: result.problems });
  else editor.ui.toast('ok', `Wrote ${baseName(result.file)} (${(result.bytes / 1024).toFixed(1)} kB)`);
}

/**
 * File > Export floorplan figure (SVG/PNG)…: the figure `spinplan export-svg` writes,
 * with cells coloured as the canvas shows them (programmed states under the states
 * overlay, else by topology); a name ending in .png gets it drawn at twice its size.
 */
export async function exportFigure(ctx: Ctx): Promise<void> {
  const { editor } = ctx;
  const coloring: FigureColoring = editor.session.view.overlay === 'states' ? 'states' : 'topology';
  const stem = editor.doc.name.replace(/\s+/g, '_');
  const file = await editor.ui.pickFile(
    'save',
    `Export floorplan figure, cells by ${coloring === 'states' ? 'programmed state' : 'topology'} (.png or .svg)`,
    '.png',
    `${stem}-floorplan.png`,
  );
  if (!file) return;
  const svg = floorplanSvg(editor.doc.design, { coloring });
  let data: string;
  try {
    data = /\.png$/i.test(file) ? await svgToPng(svg, 2) : svg;
  } catch (e) {
    return editor.ui.showError({ title: 'Figure export failed', message: (e as Error).message, problems: [] });
  }
  const result = await editor.api.saveFigure(file, data);
  if (!result.ok) editor.ui.showError({ title: 'Figure export failed', message: result.message, problems: result.problems });
  else editor.ui.toast('ok', `Wrote ${baseName(result.file)} (${(result.bytes / 1024).toFixed(1)} kB)`);
}

/** Draws an SVG onto a canvas `scale` times its size and returns the PNG's bytes as base64. */
export async function svgToPng(svg: string, scale: number): Promise<string> {
  const size = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  if (!size) throw new Error('the figure has no size');
  const [width, height] = [Number(size[1]), Number(size[2])];
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this browser cannot draw on a canvas');
    context.scale(scale, scale);
    context.drawImage(image, 0, 0, width, height);
    return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
  } finally {
    URL.revokeObjectURL(url);
  }
}
