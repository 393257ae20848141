/**
 * docs/results/ppa-defaults.md's table: every periphery default of each node with its
 * source and what is assumed (core/model/periphery-nodes.ts).
 *
 *   npx tsx scripts/ppa/defaults-table.ts > docs/results/ppa-defaults.md
 */
import { PERIPHERY_NODES, peripherySources } from '../../core/model/periphery-nodes.js';

const lines = [
  '# Periphery defaults: every number and where it comes from',
  '',
  'Made by `npx tsx scripts/ppa/defaults-table.ts > docs/results/ppa-defaults.md` from',
  '`core/model/periphery-nodes.ts`. SI units (J, s, W, A, F/um), areas in um^2, leakage in W/m^2 (= uW/mm^2).',
  "The ADC medians come from `python3 scripts/ppa/adc-survey.py ADCsurvey_latest.ods` on B. Murmann's",
  'ADC Performance Survey 1997-2025 (github.com/bmurmann/ADC-survey), which printed:',
  '',
  '```',
  'SAR 22 nm (16-32 nm): n=3, Walden FOM median 33.8 fJ/step, time per ENOB bit median 0.134 ns, area per ENOB bit median 580 um^2 (n=3), ENOB median 6.36',
  'SAR 45 nm (40-65 nm): n=12, Walden FOM median 27.5 fJ/step, time per ENOB bit median 1.27 ns, area per ENOB bit median 2.91e+03 um^2 (n=12), ENOB median 8.11',
  'Flash 22 nm (16-32 nm): no designs',
  'Flash 45 nm (40-65 nm): n=4, Walden FOM median 250 fJ/step, conversion time median 0.417 ns, area per comparator median 2.15e+03 um^2 (n=4), ENOB median 5.25',
  '```',
  '',
  'The survey holds stand-alone converters (references, buffers, calibration on chip): their',
  'median area and energy are well above the compact SARs of compute-in-memory macros, so an',
  'ADC-dominated breakdown with these defaults is the conservative end (see ppa-neurosim.md).',
  '',
];
for (const node of PERIPHERY_NODES) {
  lines.push(`## ${node} nm`, '', '| value | number | source | assumed |', '| --- | --- | --- | --- |');
  for (const s of peripherySources(node))
    lines.push(`| \`${s.path}\` | ${Number(s.value.toPrecision(4))} | ${s.source.replace(/\|/g, '/')} | ${s.assumed ?? ''} |`);
  lines.push('');
}
console.log(lines.join('\n'));
