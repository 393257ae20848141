import { deviceModel } from '../../devices/device-model-of.js';
import { PRESETS } from '../../devices/presets.js';
import { pulseModel } from '../../devices/pulse/pulse-model-of.js';
import { pulseParameters } from '../../devices/pulse/pulse-parameters.js';
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
      const pulses = pulseModel(p.device);
      return {
        key: p.key,
        summary: p.summary,
        device: p.device,
        levels: [...model.levels],
        writePulse: pulses.pulse,
        pulse: { ...pulses.pulse, span: pulses.span, window: pulses.window, parameters: pulseParameters(p.device) },
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
      const w = e.device.write;
      io.stdout(
        `  write: ${w.voltage} V, ${engineering(w.width, 's')} into ${engineering(w.resistance, 'ohm')}: ${engineering(e.pulse.energy, 'J')} per pulse\n`,
      );
      io.stdout(`  pulses: ${e.pulse.parameters}; ${e.pulse.span} pulses span the window\n`);
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
