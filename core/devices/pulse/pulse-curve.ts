import { Random } from '../../math/random.js';
import type { DeviceRecord } from '../../model/design.js';
import { pulseModel } from './pulse-model-of.js';
import type { PulseCurve, PulseWindow, WritePulse } from './pulse-model.js';

export interface PulseCurvePlot extends PulseCurve {
  /** Pulses plotted (0..pulses). */
  pulses: number;
  window: PulseWindow;
  pulse: WritePulse;
}

/**
 * A device's G-vs-pulse curves for a plot: both branches' means and `traces` Monte Carlo
 * traces each, over a little more than the pulses that span the window (at least 4), from
 * a fixed seed so the plot does not change until the device does.
 */
export function pulseCurvePlot(
  device: DeviceRecord,
  options: { traces?: number; seed?: number; pulses?: number } = {},
): PulseCurvePlot {
  const model = pulseModel(device);
  const pulses = options.pulses ?? Math.min(2000, Math.max(4, Math.ceil(model.span * 1.25)));
  const curve = model.curve(pulses, options.traces ?? 3, new Random(options.seed ?? 1));
  return { ...curve, pulses, window: model.window, pulse: model.pulse };
}
