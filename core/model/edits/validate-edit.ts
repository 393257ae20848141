import type { Design } from '../design.js';
import type { Problem } from '../problems.js';
import { formatPath, show } from '../problems.js';
import { ArraySchema, ChipSchema } from '../schema.js';
import { checkDesign } from '../validate.js';
import { applyDiff, type DesignDiff } from './diff.js';

/**
 * Checks an edit before it is applied, with the file schema's own rules plus the
 * cross-record rules (device reference, state range, die bounds). The inspector shows
 * these messages inline and refuses the edit while any remain.
 */
export function problemsAfter(design: Design, diff: DesignDiff): Problem[] {
  const problems: Problem[] = [];
  for (const [id, [, to]] of Object.entries(diff.arrays.updated)) {
    const parsed = ArraySchema.safeParse(to, { reportInput: true });
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push({ path: `${id}.${formatPath(issue.path)}`, message: issueMessage(issue) });
    }
  }
  if (diff.chip) {
    const parsed = ChipSchema.safeParse(diff.chip[1], { reportInput: true });
    if (!parsed.success)
      for (const issue of parsed.error.issues)
        problems.push({ path: `chip.${formatPath(issue.path)}`, message: issueMessage(issue) });
  }
  if (problems.length > 0) return problems;
  const next = applyDiff(design, diff);
  const touched = new Set([...Object.keys(diff.arrays.updated), ...Object.keys(diff.arrays.added)]);
  for (const p of checkDesign(next).errors) {
    const m = /^arrays\[(\d+)\](.*)$/.exec(p.path);
    const id = m ? next.arrays[Number(m[1])]?.id : undefined;
    if (id && touched.has(id)) problems.push({ path: `${id}${m![2] || ''}`, message: p.message });
    else if (!m && diff.chip) problems.push(p);
  }
  return problems;
}

function issueMessage(issue: { message: string; input?: unknown; code: string }): string {
  const input = (issue as { input?: unknown }).input;
  if (issue.code === 'invalid_type' && input !== undefined) return `${show(input)} is not a number`;
  return issue.message;
}
