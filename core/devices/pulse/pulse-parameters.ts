import type { DeviceKind } from '../../model/design.js';
import { engineering } from '../../model/units.js';
import type { DeviceOfKind } from '../device-kinds.js';
import { trackCurrentDensity } from './dw-notch.js';
import { switchingProbability } from './switching.js';

const pct = (x: number) => `${Number((x * 100).toPrecision(3))} %`;
const nm = (um: number) => `${Number((um * 1000).toPrecision(4))} nm`;
const prob = (p: number) => (p >= 1e-3 ? p.toFixed(3) : p.toExponential(1));

/**
 * A device's pulse-level programming in one line, for people (`spinplan devices`, the
 * device library): what the record's programming parameters mean for one pulse. One entry
 * per kind.
 */
export const PULSE_PARAMETERS: { readonly [K in DeviceKind]: (device: DeviceOfKind<K>) => string } = {
  multilevel: (d) => {
    const p = d.programming;
    const range = d.linearityRange * (1 / d.rMin - 1 / d.rMax);
    return (
      `SET ${p.setPulses} / RESET ${p.resetPulses} pulses across the linearity range (${engineering(range / p.setPulses, 'S')} / ` +
      `${engineering(range / p.resetPulses, 'S')} a pulse on average), deviation ${d.linearityDeviation} / ${p.resetDeviation}; ` +
      `half-selected: P(V/2) ${prob(switchingProbability(d.write.voltage / 2, p.thresholdVoltage, p.switchingWidth))} ` +
      `(threshold ${p.thresholdVoltage} V, width ${p.switchingWidth})`
    );
  },
  'compound-mtj': (d) => {
    const p = d.programming;
    const at = (v: number) => prob(switchingProbability(v, p.criticalVoltage, p.switchingWidth));
    return (
      `each MTJ switches with P(V) = 1/(1 + exp(-(V - Vc)/(w Vc))), Vc ${p.criticalVoltage} V (spread ${pct(p.criticalVoltageSpread)}), ` +
      `w ${p.switchingWidth}: P ${at(d.write.voltage)} a pulse, ${at(d.write.voltage / 2)} at V/2`
    );
  },
  'dw-notch': (d) => {
    const p = d.programming;
    const j = trackCurrentDensity(d, d.write.voltage);
    const at = (x: number) => prob(switchingProbability(x, p.depinningCurrentDensity, p.switchingWidth));
    return (
      `${j.toExponential(2)} A/m^2 through the ${nm(p.trackWidth)} x ${nm(p.trackThickness)} track; the wall hops a notch ` +
      `with P ${at(j)} a pulse, ${at(j / 2)} at V/2 (depinning ${p.depinningCurrentDensity.toExponential(2)} A/m^2, ` +
      `spread ${pct(p.depinningSpread)}, w ${p.switchingWidth})`
    );
  },
  measured: (d) => {
    const p = d.programming;
    return (
      `measured G-vs-pulse table: ${p.set.length - 1} SET and ${p.reset.length - 1} RESET pulses; ` +
      `half-selected: P(V/2) ${prob(switchingProbability(d.write.voltage / 2, p.thresholdVoltage, p.switchingWidth))} ` +
      `(threshold ${p.thresholdVoltage} V, width ${p.switchingWidth})`
    );
  },
};

/** The line of PULSE_PARAMETERS for a device. */
export function pulseParameters<K extends DeviceKind>(device: DeviceOfKind<K>): string {
  return (PULSE_PARAMETERS[device.kind as K] as (d: DeviceOfKind<K>) => string)(device);
}
