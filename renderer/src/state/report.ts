import { DEFAULT_READ_PULSE, INFERENCE_ENERGY_SCOPE, type AccuracyReport } from '../../../core/api/contract.js';
import { parameterList } from '../../../core/api/compare.js';
import { ppaHtml } from '../../../core/api/ppa-view.js';
import {
  allRecorded,
  comparedParameterRows,
  comparedRows,
  comparedTestSetWarning,
  type ComparedRun,
} from '../../../core/api/compare-runs.js';
import { formatSi } from './format.js';

/** The accuracy report as a self-contained HTML page for people: summary, tables and the plots (inline SVG). */
export function reportHtml(
  r: AccuracyReport,
  extra: {
    design: string;
    plots: { title: string; svg: string }[];
    readPulse?: number;
    /** Runs pinned for comparison (accuracy runs and trainings on the chip): a table of them side by side, what differs first. */
    pinned?: readonly ({ label: string; design?: string } & ComparedRun)[];
  },
): string {
  const esc = (t: string) => t.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  const pct = (v: number) => `${(v * 100).toFixed(2)} %`;
  const steps = r.steps
    .map(
      (s) =>
        `<tr><td>${esc(s.label)}</td><td>${pct(s.mean)}</td><td>${s.draws > 1 ? `± ${pct(s.std)}` : '—'}</td><td>${s.draws}</td></tr>`,
    )
    .join('');
  const perClassHead = r.perClass.map((p) => `<th>${esc(p.step)}</th>`).join('');
  const perClassRows = r.classNames
    .map((c, i) => `<tr><td>${esc(c)}</td>${r.perClass.map((p) => `<td>${pct(p.values[i] ?? NaN)}</td>`).join('')}</tr>`)
    .join('');
  const pulse = extra.readPulse ?? DEFAULT_READ_PULSE;
  const energy = r.readPower
    ? `<h2>Read energy</h2><table><thead><tr><th>layer</th><th>read power (mean per image)</th><th>energy at ${formatSi(pulse, 's')}</th></tr></thead><tbody>${r.readPower
        .map((l) => `<tr><td>${l.layer}</td><td>${formatSi(l.watts, 'W')}</td><td>${formatSi(l.watts * pulse, 'J')}</td></tr>`)
        .join(
          '',
        )}</tbody></table><p>Array read energy per inference: ${formatSi(r.readPower.reduce((s, l) => s + l.watts, 0) * pulse, 'J')} (${INFERENCE_ENERGY_SCOPE}).</p>`
    : '';
  const pinned = extra.pinned ?? [];
  const pinnedWarning = comparedTestSetWarning(pinned);
  const comparisonRows = comparedRows(pinned, pulse)
    .map((r) => `<tr><td>${esc(r.label)}</td>${r.values.map((v) => `<td>${esc(v)}</td>`).join('')}</tr>`)
    .join('');
  const differences = pinned.length > 1 ? comparedParameterRows(pinned) : [];
  const differenceRows = differences
    .map((r) => `<tr class="differs"><td>${esc(r.label)}</td>${r.values.map((v) => `<td>${esc(v)}</td>`).join('')}</tr>`)
    .join('');
  const groupRow = (title: string) => `<tr class="group"><td colspan="${pinned.length + 1}">${esc(title)}</td></tr>`;
  const comparison = pinned.length
    ? `<h2>Pinned runs</h2><table><thead><tr><th></th>${pinned.map((p) => `<th>${esc(p.label)}${p.design ? `<br><small>${esc(p.design)}</small>` : ''}</th>`).join('')}</tr></thead>` +
      `<tbody>${pinned.length > 1 ? `${groupRow('What differs')}${differenceRows || `<tr><td colspan="${pinned.length + 1}">${allRecorded(pinned) ? 'nothing: the same parameters' : 'not known: a run did not record its parameters'}</td></tr>`}${groupRow('Results')}` : ''}${comparisonRows}</tbody></table>${pinnedWarning ? `<p class="notes">${esc(pinnedWarning)}</p>` : ''}`
    : '';
  const parameters = parameterList(r.raw.parameters);
  const parameterSection = parameters.length
    ? `<h2>Parameters</h2><p class="notes">Everything this run depends on (lengths in µm).</p><table><tbody>${parameters
        .map((p) => `<tr><td>${esc(p.label)}</td><td>${esc(p.values[0] ?? '')}</td></tr>`)
        .join('')}</tbody></table>`
    : '';
  const plots = extra.plots
    .filter((p) => p.svg)
    .map((p) => `<figure><figcaption>${esc(p.title)}</figcaption>${p.svg}</figure>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Spinplan accuracy report: ${esc(extra.design)}</title>
<style>
body{font:14px system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#1c2430;background:#fff}
table{border-collapse:collapse;margin:0.5em 0 1.5em}td,th{border-bottom:1px solid #ddd;padding:3px 10px;text-align:right}th{background:#f3f5f8}
td:first-child,th:first-child{text-align:left}figure{display:inline-block;margin:0 16px 16px 0;vertical-align:top;background:#161b22;color:#c9d1dc;padding:8px;border-radius:4px}
figcaption{font-size:12px;margin-bottom:4px}.notes{color:#555}tr.group td{font-weight:600;text-align:left;background:#f3f5f8}tr.differs td{background:#fff6e6}
</style></head><body>
<h1>Accuracy report: ${esc(extra.design)}</h1>
<p>${esc(r.dataset)}, ${r.testImages} test images, network ${esc(r.network)}, ${r.monteCarlo} Monte Carlo draw(s). Written by Spinplan on ${new Date().toISOString()}.</p>
<h2>Degradation breakdown</h2>
<table><thead><tr><th>step</th><th>accuracy (mean)</th><th>std</th><th>draws</th></tr></thead><tbody>${steps}</tbody></table>
${energy}
${ppaHtml(r.raw.ppa)}
${comparison}
${parameterSection}
<h2>Per-class accuracy</h2>
<table><thead><tr><th>class</th>${perClassHead}</tr></thead><tbody>${perClassRows}</tbody></table>
<h2>Plots</h2>
${plots}
${r.notes.length ? `<h2>Notes</h2><ul class="notes">${r.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
</body></html>
`;
}
