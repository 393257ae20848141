import { engineering } from '../model/units.js';
import { shares } from './chip-cost.js';
import { AREA_COMPONENTS, ENERGY_COMPONENTS, type PpaReport } from './report.js';

const pct = (v: number) => `${(100 * v).toFixed(1)} %`;

/** The chip's cost in lines of text: `evaluate`'s report and `spinplan check --ppa`. */
export function formatPpa(r: PpaReport): string[] {
  const e = r.perInference;
  const byEnergy = shares(e.energyByComponent, ENERGY_COMPONENTS).filter((s) => s.value > 0);
  const byArea = shares(r.area.byComponent, AREA_COMPONENTS).filter((s) => s.value > 0);
  return [
    `chip cost per inference (${r.node} nm periphery: ${r.kinds.adc} ADC, ${r.columnsPerAdc} columns per ADC, ${r.kinds.sense}, ${r.kinds.input} inputs):`,
    `  latency ${engineering(e.latency, 's')}, throughput ${engineering(r.throughput.layerByLayer, '/s')} layer by layer (${engineering(r.throughput.pipelined, '/s')} pipelined)`,
    `  energy ${engineering(e.energy, 'J')}: ${byEnergy.map((s) => `${s.label} ${pct(s.share)}`).join(', ')}`,
    `  area ${(r.area.total * 1e6).toFixed(4)} mm² (${pct(r.area.utilization)} of the die; the floorplan draws ${(r.area.drawn * 1e6).toFixed(4)} mm²): ${byArea.map((s) => `${s.label} ${pct(s.share)}`).join(', ')}`,
    `  ${r.topsPerWatt.toPrecision(3)} TOPS/W, ${r.topsPerMm2.toPrecision(3)} TOPS/mm² (${engineering(e.ops, 'op')} per inference: ${r.opsCounting})`,
    ...r.layers.map(
      (l) =>
        `  layer ${l.layer}: ${l.arrays} array(s), ${l.adcs} ADCs, ${l.phases} phase(s) x ${l.muxCycles} multiplexer cycle(s), ${l.conversions} conversions, ${engineering(l.latency, 's')}, array read energy ${l.arrayEnergy}`,
    ),
    `  programming the layout: ${engineering(r.programming.energy, 'J')}, ${engineering(r.programming.time, 's')} (${Math.round(r.programming.pulses)} pulses on ${r.programming.cells} cells; ${r.programming.assumptions})`,
    ...r.notes.map((n) => `  note: ${n}`),
  ];
}
