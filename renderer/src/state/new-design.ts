import type { Design } from '../../../core/model/design.js';
import { defaultTechnology } from '../../../core/model/defaults.js';
import { SCHEMA_VERSION } from '../../../core/model/schema.js';

/** The empty design File > New starts from: a 1 x 0.75 mm die on a 10 um grid. */
export function emptyDesign(name = 'untitled'): Design {
  return {
    schemaVersion: SCHEMA_VERSION,
    chip: { name, width: 1000, height: 750, units: 'um', grid: 10 },
    technology: defaultTechnology(),
    devices: [],
    arrays: [],
  };
}
