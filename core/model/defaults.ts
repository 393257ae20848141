import type { Design, Technology } from './design.js';
import { defaultChecks, peripheryAt } from './periphery-nodes.js';

/**
 * Technology values a new design starts from. Wire 2.5 ohm per cell pitch sits between
 * aihwkit's 0.15-0.35 ohm and MNSIM's 2.82 ohm defaults; the transistor's KP gives the
 * same on-resistance in its triode region as the linear model: 1 / (KP W/L (Vg - Vth)).
 * Drivers, sense inputs and row transistors are sized against the load of a whole row or
 * column: 256 MTJs of 25 kOhm in parallel are about 100 ohm, so 10 ohm already costs a
 * tenth of the read voltage. The IR-drop map shows what each choice costs.
 */
export function defaultTechnology(): Technology {
  return {
    wire: { mode: 'per-cell', row: 2.5, col: 2.5 },
    readVoltage: 0.1,
    transistor: {
      onResistance: 1000,
      widthOverLength: 4,
      rowOnResistance: 10,
      thresholdVoltage: 0.4,
      gateVoltage: 1.2,
      transconductance: 3.125e-4,
      modelCard: 'nmos_generic',
      footprintWidth: 0.5,
    },
    driverResistance: 10,
    senseResistance: 10,
    periphery: peripheryAt(45),
  };
}

export const DEFAULT_GRID_UM = 10;
export const DEFAULT_MARGIN_UM = 50;
export const DEFAULT_CONVERTER_BITS = 8;

/** The thresholds of the electrical rule checks a design uses: its own, else the defaults. */
export function designChecks(design: Pick<Design, 'technology'>): NonNullable<Technology['checks']> {
  return design.technology.checks ?? defaultChecks();
}
