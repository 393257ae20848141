import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serializeDesign } from '../files/design-file.js';
import type { Design, DeviceRecord } from './design.js';
import { migrate } from './migrations.js';
import { defaultChecks, peripheryAt } from './periphery-nodes.js';
import { SCHEMA_VERSION } from './schema.js';
import { formatProblem } from './problems.js';
import { parseDesignText } from './validate.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const example = (name: string) => readFileSync(new URL(`../../resources/examples/${name}`, import.meta.url), 'utf8');

function parsed(text: string): Design {
  const result = parseDesignText(text);
  if (!result.ok) throw new Error(result.errors.map(formatProblem).join('\n'));
  return result.design;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const withoutSource = (d: DeviceRecord) => ({ ...d, source: { ...d.source, assumed: undefined } });

describe('version 2 to 3', () => {
  // The two small examples as committed in version 2: their presets' new values are the migration's defaults.
  for (const [old, current] of [
    ['v2-dw-notch-16x16-passive.json', 'dw-notch-16x16-passive.spinplan.json'],
    ['v2-tilted-11-64x64-1t1r.json', 'tilted-11-64x64-1t1r.spinplan.json'],
  ] as const) {
    it(`migrates the version 2 ${current} to what the engine builds now, naming what it assumed`, () => {
      const result = parseDesignText(fixture(old));
      if (!result.ok) throw new Error(result.errors.map(formatProblem).join('\n'));
      expect(result.migratedFrom).toBe(2);
      const now = parsed(example(current));
      // What a migration fills in is said so, and the rule thresholds are written out (a design built now leaves them to the defaults).
      const { checks, ...technology } = result.design.technology;
      expect(checks).toEqual(defaultChecks());
      expect(technology.periphery.source.assumed!.at(-1)).toMatch(/filled in from a version 3 design/);
      const sameAsNow = (d: Design) => ({
        ...d,
        technology: { ...d.technology, checks: undefined, periphery: { ...d.technology.periphery, source: undefined } },
        devices: d.devices.map(withoutSource),
      });
      expect(sameAsNow(result.design)).toEqual(sameAsNow(now));
      expect(result.design.devices[0]!.source.assumed!.at(-1)).toMatch(/\(defaults of the version 3 format\)$/);
    });
  }

  it('fills each kind with its documented defaults and keeps what the file gives', () => {
    const result = parseDesignText(fixture('v2-all-kinds.json'));
    if (!result.ok) throw new Error(result.errors.map(formatProblem).join('\n'));
    expect(result.warnings).toEqual([]);
    const [mtj, dw, ml, measured] = result.design.devices as [DeviceRecord, DeviceRecord, DeviceRecord, DeviceRecord];
    // Two cells: 0.7 V plus 12.5 %, three 150 ohm channel segments; the width the file gives.
    expect(mtj.write).toEqual({ voltage: 0.7875, width: 2e-7, resistance: 450 });
    expect(mtj.kind === 'compound-mtj' && mtj.programming).toEqual({
      criticalVoltage: 0.7875,
      criticalVoltageSpread: 0.05,
      switchingWidth: 0.05,
    });
    expect(mtj.source.assumed).toEqual([
      'everything',
      'write.voltage, write.resistance, programming (defaults of the version 3 format)',
    ]);
    expect(dw.write).toEqual({ voltage: 0.18, width: 1e-8, resistance: 1000 });
    expect(dw.kind === 'dw-notch' && dw.programming).toEqual({
      depinningCurrentDensity: 5e11,
      depinningSpread: 0.05,
      switchingWidth: 0.05,
      trackWidth: 0.15,
      trackThickness: 0.002,
    });
    // The file's own pulse is kept; the threshold is 0.7 of it; one pulse per level.
    expect(ml.write).toEqual({ voltage: 1.5, width: 1e-7, resistance: 500 });
    expect(ml.kind === 'multilevel' && ml.programming).toEqual({
      setPulses: 7,
      resetPulses: 7,
      resetDeviation: 0.2,
      thresholdVoltage: 1.05,
      switchingWidth: 0.05,
    });
    expect(ml.source.assumed).toEqual(['programming (defaults of the version 3 format)']);
    expect(measured.kind === 'measured' && measured.programming).toEqual({
      set: [2e-5, 3e-5, 5e-5],
      reset: [5e-5, 3e-5, 2e-5],
      thresholdVoltage: 0.7,
      switchingWidth: 0.05,
    });
  });

  it('saves as the current version, and the saved file opens unchanged', () => {
    const design = parsed(fixture('v2-all-kinds.json'));
    const text = serializeDesign(design);
    expect(JSON.parse(text).schemaVersion).toBe(SCHEMA_VERSION);
    const again = parseDesignText(text);
    expect(again.ok && again.migratedFrom).toBeNull();
    expect(again.ok && again.design).toEqual(design);
  });

  it('is pure: the raw document is not changed', () => {
    const raw = deepFreeze(JSON.parse(fixture('v2-all-kinds.json')) as Record<string, unknown>);
    const result = migrate(raw);
    expect(result.ok && (result.doc as { schemaVersion: number }).schemaVersion).toBe(SCHEMA_VERSION);
    expect((raw as { schemaVersion: number }).schemaVersion).toBe(2);
  });

  it('leaves what is not a device to the schema check', () => {
    const raw = JSON.parse(fixture('v2-all-kinds.json')) as { devices: unknown[] };
    raw.devices[1] = 42;
    const result = parseDesignText(JSON.stringify(raw));
    expect(!result.ok && result.errors.map(formatProblem)[0]).toMatch(/^devices\[1\]/);
  });

  describe('version 3 to 4', () => {
    it("fills in the 45 nm periphery models and the check thresholds, keeping the file's bands, and says so", () => {
      // Through v2 -> v3 -> v4: the step sees the version 3 document the v2 step wrote.
      const raw = JSON.parse(fixture('v2-tilted-11-64x64-1t1r.json')) as { technology: { periphery: Record<string, unknown> } };
      raw.technology.periphery = { rowSide: 12, columnSide: 34 };
      const design = parsed(JSON.stringify(raw));
      const { source, ...models } = design.technology.periphery;
      const { source: _live, ...live } = peripheryAt(45, { rowSide: 12, columnSide: 34 });
      // Written out in the step, equal to today's 45 nm defaults.
      expect(models).toEqual(live);
      expect(source.assumed).toEqual(['filled in from a version 3 design (defaults of the version 4 format)']);
      expect(design.technology.checks).toEqual(defaultChecks());
    });
  });
});
