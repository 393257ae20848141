import * as path from 'node:path';
import { saveDesign } from '../core/files/design-file.js';
import { exampleDesigns } from './examples.js';

const dir = path.resolve(import.meta.dirname, '../resources/examples');
for (const [file, design] of Object.entries(exampleDesigns())) {
  await saveDesign(path.join(dir, file), design);
  console.log(`wrote resources/examples/${file}`);
}
