import Konva from 'konva';
import type { SimulateResult } from '../../../../core/api/contract.js';
import type { ArrayRecord, Design, DeviceRecord } from '../../../../core/model/design.js';
import { arrayLayout, arrayPlacement, type ArrayLayout, type Point } from '../../../../core/model/geometry.js';
import { cellColours, heatmapCanvas, type CellColours } from '../heatmap.js';
import type { Overlay } from '../host.js';
import { THEME } from '../theme.js';
import { driverBand, senseBand } from './periphery.js';

/**
 * One array on the canvas: a Konva group in the array's own frame (placed and turned on
 * the die) holding its body, periphery bands and the cell area as one cached heatmap
 * image. Rebuilt only when what it shows changes (`key`); a move only places the group.
 */
export interface ArrayView {
  record: ArrayRecord;
  device: DeviceRecord;
  layout: ArrayLayout;
  group: Konva.Group;
  colours: CellColours;
  key: string;
  /** The levels drawn in place of the record's states (a training as it goes), if any. */
  shown: Uint8Array | undefined;
}

/** Everything a view's drawing depends on except its place on the die. */
export function viewKey(
  design: Design,
  a: ArrayRecord,
  device: DeviceRecord,
  overlay: Overlay,
  sim: SimulateResult | undefined,
): string {
  return `${overlay}|${a.rows}|${a.cols}|${a.mapping}|${a.topology}|${a.driverSide}|${a.name}|${a.rotation}|${sim ? 'sim' : ''}|${JSON.stringify(device)}|${JSON.stringify(design.technology)}`;
}

export function buildArrayView(
  design: Design,
  a: ArrayRecord,
  device: DeviceRecord,
  key: string,
  overlay: Overlay,
  sim: SimulateResult | undefined,
  shown?: Uint8Array,
): ArrayView {
  const layout = arrayLayout(design, a, device);
  const group = new Konva.Group();
  group.add(
    new Konva.Rect({
      width: layout.size.width,
      height: layout.size.height,
      fill: THEME.body,
      stroke: THEME.bodyEdge,
      strokeWidth: 1,
      strokeScaleEnabled: false,
    }),
  );
  for (const d of layout.drivers) group.add(driverBand(d, a.rows, layout.rowTransistor));
  group.add(senseBand(layout.sense, layout.cols, layout.pitch.x));
  // The IR-drop overlay colours by the simulation, not by levels: shown states do not change it.
  const levels = overlay === 'drop' ? undefined : shown;
  const colours = cellColours(a, device, overlay, sim, levels);
  group.add(new Konva.Image({ image: heatmapCanvas(a, colours), ...layout.cells, imageSmoothingEnabled: false }));
  const view = { record: a, device, layout, group, colours, key, shown: levels };
  placeView(view, a);
  return view;
}

/** Puts a view's group where the array's footprint has its top-left corner at `at` (the record's, or a drag's preview). */
export function placeView(v: ArrayView, at: Point): void {
  const p = arrayPlacement({ x: at.x, y: at.y, rotation: v.record.rotation }, v.layout.size);
  v.group.setAttrs({ x: p.x, y: p.y, rotation: p.rotation });
}
