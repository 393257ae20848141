import * as path from 'node:path';
import { loadDesign } from '../../files/design-file.js';
import { describeDesign, type DesignSummary } from '../../api/design-summary.js';
import { engineering } from '../../model/units.js';
import { EXIT, requireFile, type Command } from '../command.js';
import { table } from '../table.js';

export const infoCommand: Command = {
  name: 'info',
  summary: 'arrays, sizes, devices, levels and area of a design',
  usage: 'FILE [--json]',
  maxPositionals: 1,
  options: { json: { type: 'boolean', description: 'print one JSON object' } },
  async run({ positionals, options }, io) {
    const file = requireFile(positionals, 'info');
    const design = await loadDesign(path.resolve(io.cwd, file));
    const summary = describeDesign(design);
    io.stdout(options.json ? `${JSON.stringify(summary, null, 2)}\n` : renderSummary(summary));
    return EXIT.ok;
  },
};

function renderSummary(s: DesignSummary): string {
  const out: string[] = [];
  out.push(
    `${s.chip.name}: die ${s.chip.width} x ${s.chip.height} um, ${s.arrays.length} array${s.arrays.length === 1 ? '' : 's'}`,
  );
  out.push(
    `wires ${s.technology.wireRow} / ${s.technology.wireCol}, read ${s.technology.readVoltage} V, driver ${engineering(s.technology.driverResistance, 'ohm')}, ` +
      `sense ${engineering(s.technology.senseResistance, 'ohm')}, transistor R_on ${engineering(s.technology.transistorOnResistance, 'ohm')} (cell), ${engineering(s.technology.rowTransistorOnResistance, 'ohm')} (row)`,
  );
  out.push('');
  out.push(
    table(
      ['id', 'name', 'rows x cols', 'physical', 'topology', 'mapping', 'device', 'footprint um', 'tile'],
      s.arrays.map((a) => [
        a.id,
        a.name,
        `${a.rows} x ${a.cols}`,
        `${a.rows} x ${a.physicalColumns}`,
        a.topology,
        a.mapping,
        a.device,
        `${fmt(a.footprint.width)} x ${fmt(a.footprint.height)} @ (${fmt(a.footprint.x)}, ${fmt(a.footprint.y)})`,
        a.tile ? `layer ${a.tile.layer} r${a.tile.rowOffset} c${a.tile.colOffset}` : '-',
      ]),
    ),
  );
  out.push('');
  out.push(
    table(
      ['device', 'kind', 'levels', 'conductance levels', 'resistance range'],
      s.devices.map((d) => [
        `${d.id} ${d.name}`,
        d.kind,
        String(d.levels.length),
        d.levels.map((g) => fmt(g * 1e6)).join(' ') + ' uS',
        `${engineering(1 / d.levels[d.levels.length - 1]!, 'ohm')} .. ${engineering(1 / d.levels[0]!, 'ohm')}`,
      ]),
    ),
  );
  out.push('');
  out.push(
    `area: arrays ${fmt(s.area.arrayArea)} um^2 of die ${fmt(s.area.dieArea)} um^2 (utilisation ${(s.area.utilisation * 100).toFixed(2)} %); ` +
      `${s.totalCells} physical cells`,
  );
  for (const w of s.warnings) out.push(`warning: ${w}`);
  return `${out.join('\n')}\n`;
}

function fmt(v: number): string {
  return String(Number(v.toPrecision(6)));
}
