import { shares } from '../ppa/chip-cost.js';
import { AREA_COMPONENTS, ENERGY_COMPONENTS, type EnergyComponent, type PpaReport } from '../ppa/report.js';
import { engineering } from '../model/units.js';

export type { PpaReport };

/** One colour per component, the same in the UI's bars and the HTML report's figure. */
export const COMPONENT_COLORS: Record<EnergyComponent, string> = {
  array: '#4e9a06',
  adc: '#c4451c',
  input: '#3465a4',
  sense: '#75507b',
  rowDriver: '#06989a',
  digital: '#c49a00',
  buffer: '#8f5902',
  leakage: '#888a85',
};

export interface PpaBar {
  title: string;
  /** The total, formatted with its unit. */
  total: string;
  segments: { key: EnergyComponent; label: string; value: string; share: number; color: string }[];
}

/** The chip's energy and area per inference as stacked bars by component (components that take nothing left out). */
export function ppaBars(r: PpaReport): PpaBar[] {
  const energy = shares(r.perInference.energyByComponent, ENERGY_COMPONENTS);
  const area = shares(r.area.byComponent, AREA_COMPONENTS);
  return [
    {
      title: 'energy per inference',
      total: engineering(r.perInference.energy, 'J'),
      segments: energy
        .filter((s) => s.value > 0)
        .map((s) => ({ ...s, value: engineering(s.value, 'J'), color: COMPONENT_COLORS[s.key] })),
    },
    {
      title: 'area',
      total: `${(r.area.total * 1e6).toFixed(4)} mm²`,
      segments: area
        .filter((s) => s.value > 0)
        .map((s) => ({ ...s, value: `${(s.value * 1e6).toFixed(4)} mm²`, color: COMPONENT_COLORS[s.key] })),
    },
  ];
}

/** The headline numbers, label and value, as the UI and the HTML report list them. */
export function ppaFigures(r: PpaReport): { label: string; value: string; title?: string }[] {
  return [
    { label: 'latency / inference', value: engineering(r.perInference.latency, 's') },
    {
      label: 'throughput',
      value: `${engineering(r.throughput.layerByLayer, '/s')} (${engineering(r.throughput.pipelined, '/s')} pipelined)`,
    },
    { label: 'energy / inference', value: engineering(r.perInference.energy, 'J') },
    { label: 'TOPS/W', value: r.topsPerWatt.toPrecision(3), title: r.opsCounting },
    { label: 'TOPS/mm²', value: r.topsPerMm2.toPrecision(3), title: r.opsCounting },
    {
      label: 'chip area',
      value: `${(r.area.total * 1e6).toFixed(4)} mm², ${(100 * r.area.utilization).toFixed(1)} % of the die`,
      title: `the floorplan draws ${(r.area.drawn * 1e6).toFixed(4)} mm² of arrays with fixed periphery bands`,
    },
    {
      label: 'programming',
      value: `${engineering(r.programming.energy, 'J')}, ${engineering(r.programming.time, 's')}`,
      title: r.programming.assumptions,
    },
    {
      label: 'periphery',
      value: `${r.node} nm, ${r.kinds.adc} ADC, ${r.columnsPerAdc} columns per ADC, ${r.kinds.sense}, ${r.kinds.input} inputs`,
    },
  ];
}

const esc = (t: string) => t.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** The chip's cost as a section of the HTML report: the figures, the two stacked bars (inline SVG) and each layer. */
export function ppaHtml(r: PpaReport | undefined): string {
  if (!r) return '';
  const width = 640;
  const bars = ppaBars(r)
    .map((bar) => {
      let x = 0;
      const rects = bar.segments
        .map((s) => {
          const w = s.share * width;
          const rect = `<rect x="${x.toFixed(1)}" y="18" width="${w.toFixed(1)}" height="18" fill="${s.color}"><title>${esc(`${s.label}: ${s.value} (${(100 * s.share).toFixed(1)} %)`)}</title></rect>`;
          x += w;
          return rect;
        })
        .join('');
      const legend = bar.segments
        .map((s) => `<span style="color:${s.color}">■</span> ${esc(s.label)} ${(100 * s.share).toFixed(1)} %`)
        .join(' &nbsp; ');
      return `<figure class="ppa"><svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="40" role="img" aria-label="${esc(bar.title)} by component"><text x="0" y="12" font-size="12" fill="currentColor">${esc(`${bar.title}: ${bar.total}`)}</text>${rects}</svg><figcaption>${legend}</figcaption></figure>`;
    })
    .join('\n');
  const figures = ppaFigures(r)
    .map((f) => `<tr><td>${esc(f.label)}</td><td>${esc(f.value)}</td></tr>`)
    .join('');
  const layers = r.layers
    .map(
      (l) =>
        `<tr><td>${l.layer}</td><td>${l.arrays}</td><td>${l.adcs}</td><td>${l.phases} x ${l.muxCycles}</td><td>${l.conversions}</td><td>${esc(engineering(l.latency, 's'))}</td><td>${esc(
          engineering(
            ENERGY_COMPONENTS.reduce((s, [k]) => s + l.energy[k], 0),
            'J',
          ),
        )}</td><td>${l.arrayEnergy}</td></tr>`,
    )
    .join('');
  return `<h2>Chip cost per inference</h2>
<table><tbody>${figures}</tbody></table>
${bars}
<table><thead><tr><th>layer</th><th>arrays</th><th>ADCs</th><th>phases x mux cycles</th><th>conversions</th><th>latency</th><th>energy</th><th>array read energy</th></tr></thead><tbody>${layers}</tbody></table>
<p class="notes">Operations: ${esc(r.opsCounting)}. ${r.notes.map(esc).join('. ')}.</p>`;
}
