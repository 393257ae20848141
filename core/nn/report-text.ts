import type { EvaluateReport } from '../api/accuracy-report.js';
import { ACCURACY_STEPS, stepSummary } from '../api/accuracy-steps.js';
import { engineering } from '../model/units.js';
import { INFERENCE_ENERGY_SCOPE } from '../vmm/read-power.js';
import { formatPpa } from '../ppa/ppa-text.js';

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;

/** The readable terminal table of `spinplan evaluate`: each step of ACCURACY_STEPS, its accuracy, what it cost and what it adds. */
export function formatReport(r: EvaluateReport): string {
  const rows: string[][] = [];
  let prev: number | null = null;
  for (const step of ACCURACY_STEPS) {
    const s = stepSummary(r.accuracy[step.key]);
    if (!s) continue;
    rows.push([
      step.label,
      pct(s.mean),
      step.sampling === 'monte-carlo' ? `+- ${(100 * s.std).toFixed(2)}` : '',
      prev === null ? '' : `${s.mean - prev >= 0 ? '+' : ''}${(100 * (s.mean - prev)).toFixed(2)}`,
      step.adds,
    ]);
    prev = s.mean;
  }
  const head = ['step', 'accuracy', 'std', 'change', 'adds'];
  const widths = head.map((_, i) => Math.max(...[head, ...rows].map((row) => row[i]!.length)));
  const last = head.length - 1;
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === last ? c : i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  const unc = r.calibration?.circuitUncalibrated;
  const out = [
    `${r.dataset}, ${r.testImages} test images, network ${r.network}, ${r.quantization.granularity} ${r.quantization.observer} quantization, ${r.monteCarlo} Monte Carlo draw(s), backend ${r.backend}`,
    '',
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    ...(unc && r.accuracy.circuit
      ? [
          ``,
          `circuit without column gain calibration: ${pct(unc.mean)} +- ${(100 * unc.std).toFixed(2)} (calibration gains ${r.calibration!.gain!.min.toFixed(3)}..${r.calibration!.gain!.max.toFixed(3)})`,
        ]
      : r.calibration && !r.calibration.applied && r.accuracy.circuit
        ? ['', 'circuit and hardware steps without column gain calibration (--no-calibration)']
        : []),
    '',
    'layers:',
    ...r.layers.map((l) =>
      l.digital
        ? `  ${l.layer}: ${l.inputs}x${l.outputs} digital (full precision, no array hosts it)`
        : `  ${l.layer}: ${l.inputs}x${l.outputs} on ${l.arrays!.length} array(s) of ${l.device}, ${l.levels} levels, ${l.mapping}, quantization RMSE ${l.quantizationRmse!.toExponential(2)}` +
          (l.digitalWeights > 0
            ? `\n     hosted in part: ${l.hostedWeights} weights on arrays, ${l.digitalWeights} digital (full precision)`
            : ''),
    ),
  ];
  out.push(
    '',
    `layout: ${(r.area.arrays * 1e6).toFixed(3)} mm² of arrays with their periphery on a ${(r.area.die * 1e6).toFixed(3)} mm² die (${(100 * r.area.utilisation).toFixed(1)} %)`,
  );
  if (r.energy)
    out.push(
      '',
      `array read energy per inference (hardware step, mean): ${engineering(r.energy.perInference, 'J')} at a ${engineering(r.energy.readPulse, 's')} read per layer` +
        ` (${r.energy.layers.map((l) => `layer ${l.layer}: ${engineering(l.readPower, 'W')}, ${engineering(l.energy, 'J')}`).join('; ')});` +
        ` ${INFERENCE_ENERGY_SCOPE}`,
    );
  if (r.ppa) out.push('', ...formatPpa(r.ppa));
  if (r.neurons)
    out.push(
      '',
      'neurons (a stochastic neuron is sampled at every evaluation; each Monte Carlo draw has its own devices):',
      ...r.neurons.map(
        (n) =>
          `  layer ${n.layer}: ${n.neurons} x ${n.description}` +
          (n.area !== undefined && n.energyPerEvaluation !== undefined
            ? `; bank ${(n.area * 1e12).toFixed(0)} um², ${engineering(n.energyPerEvaluation, 'J')} per evaluation (${n.detail})`
            : ''),
      ),
    );
  const final = r.breakdown[r.breakdown.length - 1];
  if (final)
    out.push(
      '',
      `per-class accuracy (${final.step}):`,
      ...final.perClass.map((a, c) => `  ${(r.classNames[c] ?? String(c)).padEnd(12)} ${pct(a)}`),
    );
  out.push(
    '',
    `time: ${Object.entries(r.timing)
      .map(([k, v]) => `${k} ${v.toFixed(2)} s`)
      .join(', ')}`,
  );
  for (const n of r.notes) out.push(`note: ${n}`);
  return out.join('\n');
}
