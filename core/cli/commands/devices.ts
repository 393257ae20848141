import { deviceModel } from '../../devices/device-model-of.js';
import { PRESETS } from '../../devices/presets.js';
import { engineering } from '../../model/units.js';
import { EXIT, type Command } from '../command.js';

export const devicesCommand: Command = {
  name: 'devices',
  summary: 'the device library: presets with their parameters, levels and sources',
  usage: '[--json]',
  maxPositionals: 0,
  options: { json: { type: 'boolean', description: 'print one JSON object' } },
  async run({ options }, io) {
    const entries = PRESETS.map((p) => {
      const model = deviceModel(p.device);
      return {
        key: p.key,
        summary: p.summary,
        device: p.device,
        levels: [...model.levels],
        writePulse: model.writePulse,
      };
    });
    if (options.json) {
      io.stdout(`${JSON.stringify({ presets: entries }, null, 2)}\n`);
      return EXIT.ok;
    }
    for (const e of entries) {
      io.stdout(`${e.key}\n  ${e.summary}\n`);
      io.stdout(`  ${deviceModel(e.device).parameters}\n`);
      io.stdout(`  levels (${e.levels.length}): ${e.levels.map((g) => engineering(g, 'S')).join(', ')}\n`);
      if (e.writePulse) {
        const w = e.writePulse;
        io.stdout(
          `  write: ${w.voltage !== undefined ? `${w.voltage} V, ` : ''}${engineering(w.width, 's')}${w.energy !== undefined ? `, ${engineering(w.energy, 'J')} per pulse` : ''}\n`,
        );
      }
      const v = e.device.variation;
      io.stdout(`  variation: d2d ${v.d2d * 100} %, ctc ${v.ctc * 100} % of the ${v.reference}\n`);
      io.stdout(`  source: ${e.device.source.title}${e.device.source.doi ? `, doi ${e.device.source.doi}` : ''}\n`);
      if (e.device.source.note) io.stdout(`  ${e.device.source.note}\n`);
      if (e.device.source.assumed?.length) io.stdout(`  assumed (not in the source): ${e.device.source.assumed.join('; ')}\n`);
      io.stdout('\n');
    }
    io.stdout(
      'Compound MTJ presets take --cells K (1..16) and --tmr PCT in spinplan new; add measured devices with spinplan device-add.\n',
    );
    return EXIT.ok;
  },
};
