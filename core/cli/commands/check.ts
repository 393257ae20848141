import * as path from 'node:path';
import { loadDesign } from '../../files/design-file.js';
import { chipCost } from '../../ppa/chip-cost.js';
import { electricalChecks, RULE_KEYS, RULES } from '../../ppa/checks.js';
import { designLayers } from '../../ppa/design-layers.js';
import { formatPpa } from '../../ppa/ppa-text.js';
import { DEFAULT_READ_PULSE } from '../../vmm/read-power.js';
import { EXIT, requireFile, type Command } from '../command.js';
import { layerWidthsOption } from '../../model/layer-widths.js';

export const checkCommand: Command = {
  name: 'check',
  summary: `electrical rule checks of a design (${RULE_KEYS.map((k) => RULES[k].label).join(', ')}): a warning per array naming the number (exit 0 clean, 1 warnings)`,
  usage: 'FILE [--layers N,N,...] [--ppa] [--json]',
  maxPositionals: 1,
  options: {
    layers: {
      type: 'string',
      description: "the network's layer widths, for the unused-columns rule (e.g. 784,128,10)",
      value: 'N,N,...',
    },
    ppa: {
      type: 'boolean',
      description: "also print the chip's cost from the design alone (its states, inputs spread over their range)",
    },
    json: { type: 'boolean', description: 'print the findings (and the cost with --ppa) as JSON' },
  },
  async run({ options, positionals }, io) {
    const file = requireFile(positionals, 'check');
    const design = await loadDesign(path.resolve(io.cwd, file));
    const layers = options.layers !== undefined ? layerWidthsOption(String(options.layers)) : undefined;
    const findings = electricalChecks(design, layers ? { layers } : {});
    const ppa = options.ppa ? chipCost(design, designLayers(design), { readPulse: DEFAULT_READ_PULSE }) : null;
    if (options.json) {
      io.stdout(`${JSON.stringify({ findings, ...(ppa ? { ppa } : {}) }, null, 2)}\n`);
    } else {
      const name = (id: string) => design.arrays.find((a) => a.id === id)?.name ?? id;
      for (const f of findings) io.stdout(`warning: ${f.path} ${JSON.stringify(name(f.arrayId))} (${f.arrayId}): ${f.message}\n`);
      if (!layers) io.stdout('note: unused columns not checked (give the network with --layers N,N,...)\n');
      if (ppa) io.stdout(`${formatPpa(ppa).join('\n')}\n`);
      if (findings.length === 0) io.stdout('ok: no electrical rule is broken\n');
    }
    return findings.length === 0 ? EXIT.ok : EXIT.failure;
  },
};
