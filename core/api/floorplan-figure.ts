/**
 * The floorplan figure writer, for the UI: the renderer reaches the engine only through
 * core/api and core/model, and renders this SVG to a canvas for File > Export floorplan
 * figure (PNG), so a figure from the app is the one `spinplan export-svg` writes.
 */
export { FIGURE_COLORINGS, floorplanSvg, type FigureColoring, type FigureOptions } from '../layout-export/floorplan-svg.js';
