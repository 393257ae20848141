import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExampleInfo, ExamplesResult } from '../api/contract.js';
import { readDesignFile } from '../files/design-file.js';
import { formatProblem } from '../model/problems.js';

const SUFFIX = '.spinplan.json';

/**
 * The folder of the designs that come with Spinplan: resources/examples of the checkout or
 * the installed package, found by going up from this module (core/serve in the sources,
 * dist/main/core/serve in the desktop build, dist/cli for the compiled command line).
 */
export function examplesDir(from = path.dirname(fileURLToPath(import.meta.url))): string | null {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'resources', 'examples');
    if (existsSync(candidate)) return candidate;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return null;
}

/** The first sentence of a design's notes, for the list. */
function firstSentence(notes: string | undefined): string {
  const text = (notes ?? '').trim();
  const end = text.search(/\.(\s|$)/);
  return end >= 0 ? text.slice(0, end + 1) : text;
}

/**
 * The bundled examples, by name. They live in the repository, outside the folders the UI
 * may reach by path (core/serve/file-policy.ts): the UI names one from this list and only
 * a listed name is opened, so no path from the UI ever reaches the file system here.
 */
export class Examples {
  private listing: Promise<ExampleInfo[]> | null = null;

  constructor(private readonly dir: string | null = examplesDir()) {}

  list(): Promise<ExampleInfo[]> {
    this.listing ??= this.read();
    return this.listing;
  }

  private async read(): Promise<ExampleInfo[]> {
    if (!this.dir) return [];
    const files = (await readdir(this.dir).catch(() => [] as string[])).filter((f) => f.endsWith(SUFFIX)).sort();
    const out: ExampleInfo[] = [];
    for (const f of files) {
      const parsed = await readDesignFile(path.join(this.dir, f));
      if (!parsed.ok) continue;
      const d = parsed.design;
      out.push({
        name: f.slice(0, -SUFFIX.length),
        title: d.chip.name,
        summary: firstSentence(d.notes),
        arrays: d.arrays.length,
      });
    }
    return out;
  }

  /** The list, and the example `name` opened when one is asked for. */
  async answer(name: string | null): Promise<ExamplesResult> {
    const list = await this.list();
    if (name === null) return { list, opened: null };
    const known = list.find((e) => e.name === name);
    if (!known || !this.dir) {
      const names = list.map((e) => e.name).join(', ') || 'none';
      return {
        list,
        opened: { ok: false, name, message: `there is no example ${JSON.stringify(name)} (examples: ${names})`, problems: [] },
      };
    }
    const parsed = await readDesignFile(path.join(this.dir, `${known.name}${SUFFIX}`));
    if (!parsed.ok)
      return {
        list,
        opened: {
          ok: false,
          name,
          message: `the example ${name} is not a valid design:\n${parsed.errors.map(formatProblem).join('\n')}`,
          problems: parsed.errors,
        },
      };
    return { list, opened: { ok: true, name, design: parsed.design, warnings: parsed.warnings } };
  }
}
