import type { Design } from '../design.js';
import type { Problem } from '../problems.js';
import { formatPath, show } from '../problems.js';
import { ArraySchema, ChipSchema, DeviceSchema, TechnologySchema } from '../schema.js';
import { LIMITS } from '../limits.js';
import { checkDesign } from '../validate.js';
import { applyDiff, type DesignDiff } from './diff.js';

/**
 * Checks an edit before it is applied, with the file schema's own rules plus the
 * cross-record rules (device reference, state range, die bounds). The inspector shows
 * these messages inline and refuses the edit while any remain.
 *
 * A device or technology change can break arrays it does not touch (programmed levels
 * out of the device's new range, a footprint pushed off the die): those problems name
 * the array, so the user knows which one to fix first.
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
  const devices = { ...diff.devices.added };
  for (const [id, [, to]] of Object.entries(diff.devices.updated)) devices[id] = { record: to, index: -1 };
  for (const [id, { record }] of Object.entries(devices)) {
    const parsed = DeviceSchema.safeParse(record, { reportInput: true });
    if (!parsed.success)
      for (const issue of parsed.error.issues)
        problems.push({ path: `${id}.${formatPath(issue.path)}`, message: issueMessage(issue) });
  }
  if (diff.chip) {
    const parsed = ChipSchema.safeParse(diff.chip[1], { reportInput: true });
    if (!parsed.success)
      for (const issue of parsed.error.issues)
        problems.push({ path: `chip.${formatPath(issue.path)}`, message: issueMessage(issue) });
  }
  if (diff.technology) {
    const parsed = TechnologySchema.safeParse(diff.technology[1], { reportInput: true });
    if (!parsed.success)
      for (const issue of parsed.error.issues)
        problems.push({ path: `technology.${formatPath(issue.path)}`, message: issueMessage(issue) });
  }
  if (problems.length > 0) return problems;
  const next = applyDiff(design, diff);
  // Counts the schema limits on the whole design (an array record alone cannot break them).
  for (const [key, max] of [
    ['arrays', LIMITS.maxArrays],
    ['devices', LIMITS.maxDevices],
  ] as const)
    if (next[key].length > max && next[key].length > design[key].length)
      problems.push({ path: key, message: `would be ${next[key].length} ${key}, over the limit of ${max}` });
  if (problems.length > 0) return problems;
  const touched = new Set([...Object.keys(diff.arrays.updated), ...Object.keys(diff.arrays.added)]);
  const touchedDevices = new Set(Object.keys(devices));
  // Arrays the edit changes indirectly: every array for a technology change, the users of a changed device.
  const indirect = new Set(
    next.arrays.filter((a) => !touched.has(a.id) && (diff.technology || touchedDevices.has(a.device))).map((a) => a.id),
  );
  // Only problems the edit introduces: an indirect change is not refused for a fault that was already there.
  const already =
    indirect.size > 0 ? new Set(checkDesign(design).errors.map((p) => `${arrayIdAt(design, p.path)}|${p.message}`)) : new Set();
  // Design-wide rules (the total of cells) count against an edit only when it breaks them.
  let before: Set<string> | undefined;
  const designLevelBefore = () => (before ??= new Set(checkDesign(design).errors.map((p) => `${p.path}|${p.message}`)));
  for (const p of checkDesign(next).errors) {
    const m = /^arrays\[(\d+)\](.*)$/.exec(p.path);
    const d = /^devices\[(\d+)\](.*)$/.exec(p.path);
    const array = m ? next.arrays[Number(m[1])] : undefined;
    const id = array?.id;
    if (id && touched.has(id)) problems.push({ path: `${id}${m![2] || ''}`, message: p.message });
    else if (array && indirect.has(array.id) && !already.has(`${array.id}|${p.message}`)) {
      problems.push({ path: `${array.id}${m![2] || ''}`, message: `array ${show(array.name)} (${array.id}): ${p.message}` });
    } else if (d) {
      const device = next.devices[Number(d[1])];
      if (device && touchedDevices.has(device.id)) problems.push({ path: `${device.id}${d[2] || ''}`, message: p.message });
    } else if (!m && !d && (diff.chip || !designLevelBefore().has(`${p.path}|${p.message}`))) problems.push(p);
  }
  return problems;
}

function arrayIdAt(design: Design, path: string): string {
  const m = /^arrays\[(\d+)\]/.exec(path);
  return (m && design.arrays[Number(m[1])]?.id) || path;
}

function issueMessage(issue: { message: string; input?: unknown; code: string }): string {
  const input = (issue as { input?: unknown }).input;
  if (issue.code === 'invalid_type' && input !== undefined) return `${show(input)} is not a number`;
  return issue.message;
}
