import type { Component } from 'svelte';

/** One row of a study table, keyed by its column names. */
export type StudyRow = Record<string, string | number | null>;

/**
 * What StudyView hands every study's plot: the rows of the dataset shown, the table's
 * columns, the base name of exported files, the dataset's name and the accuracy column the
 * head picked (quantized, circuit or hardware). A plot takes only the fields it needs.
 */
export type StudyPlotProps = {
  rows: StudyRow[];
  columns: readonly string[];
  name: string;
  dataset: string;
  metric: string;
};

/** How StudyView shows a study: its plot, and whether the head offers the accuracy column to plot. */
export interface StudyPlot {
  plot: Component<StudyPlotProps>;
  pickMetric: boolean;
}

/** The rows as CSV in the table's column order (the Plot's CSV export). */
export const tableCsv = (columns: readonly string[], rows: readonly StudyRow[]) => () =>
  [columns.join(','), ...rows.map((r) => columns.map((c) => String(r[c] ?? '')).join(','))].join('\n');
