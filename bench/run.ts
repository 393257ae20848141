/**
 * Benchmark dispatcher: `npm run bench -- NAME` runs bench/NAME.ts's default export;
 * no name runs every bench/*.ts (except this file) in name order.
 */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const [name, ...args] = process.argv.slice(2);
const names = name
  ? [name]
  : readdirSync(here)
      .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('.test.ts'))
      .map((f) => f.slice(0, -3))
      .sort();
for (const n of names) {
  const file = path.join(here, `${n}.ts`);
  let mod: { default?: (args: string[]) => unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as typeof mod;
  } catch (e) {
    console.error(`bench: cannot load bench/${n}.ts: ${(e as Error).message}`);
    process.exit(2);
  }
  if (typeof mod.default !== 'function') {
    console.error(`bench: bench/${n}.ts has no default export function`);
    process.exit(2);
  }
  console.log(`== bench ${n}`);
  await mod.default(args);
}
