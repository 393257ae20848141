import { electricalChecks, findingProblems, type RuleFinding } from '../../../core/api/electrical-checks.js';
import { parseLayerWidths } from '../../../core/model/layer-widths.js';
import type { Problem } from '../../../core/model/problems.js';
import type { Editor } from './editor.js';

/**
 * The design's electrical rule checks as the editor shows them (the Problems list and a
 * mark on each array's tag): recomputed on every edit without solving anything (column
 * currents from G V_read), with the IR drop of each array whose simulation is current, and
 * the unused columns against the network the Accuracy tab would evaluate.
 */
export class ElectricalChecks {
  constructor(private readonly editor: Editor) {}

  readonly findings: readonly RuleFinding[] = $derived.by(() => {
    const { editor } = this;
    const layers = parseLayerWidths(editor.ui.runOptions.layers);
    return electricalChecks(editor.doc.design, {
      measure: 'ideal',
      ...(layers ? { layers } : {}),
      simulated: (id) => {
        const r = editor.runs.simulations[id];
        return r && !editor.simulationStale(id)
          ? { maxDrop: r.summary.maxDrop, inputMax: r.inputs.max, circuit: r.circuit }
          : undefined;
      },
    });
  });

  readonly problems: readonly Problem[] = $derived(findingProblems(this.findings));

  /** The findings about one array (its tag on the canvas shows how many). */
  of(arrayId: string): RuleFinding[] {
    return this.findings.filter((f) => f.arrayId === arrayId);
  }
}
