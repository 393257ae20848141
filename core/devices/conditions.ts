import { UserError } from '../model/problems.js';
import { kelvin, type Kelvin } from '../model/units.js';

/**
 * Where and how a device operates. Device records hold parameters measured at room
 * temperature; a temperature law (TMR and resistance falling with temperature) enters
 * through deviceModel, the one place that turns a record into behaviour.
 */
export interface OperatingConditions {
  readonly temperature: Kelvin;
}

/** The temperature device parameters are characterised at. */
export const ROOM_TEMPERATURE = kelvin(300);

export const ROOM_CONDITIONS: OperatingConditions = Object.freeze({ temperature: ROOM_TEMPERATURE });

/** Refuses conditions the device models cannot follow yet, naming the field and what to do. */
export function checkConditions(conditions: OperatingConditions): void {
  const t = conditions.temperature;
  if (t !== ROOM_TEMPERATURE)
    throw new UserError(
      `temperature ${t} K is not modelled: device parameters are characterised at ${ROOM_TEMPERATURE} K and no temperature law exists yet; use ${ROOM_TEMPERATURE} K`,
    );
}
