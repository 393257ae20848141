import type { Design } from '../../../core/model/design.js';
import type { Problem } from '../../../core/model/problems.js';

/** A problem as the UI shows it: what it is about by name, the message without JSON indices, and what to select. */
export interface ProblemView {
  /** The array, device, die or technology it is about, as people call it (an array's name). */
  subject: string;
  /** The field of the subject, if the path names one ("rows", "states"). */
  field: string | null;
  text: string;
  /** The array a click selects and zooms to, if the problem is about one. */
  arrayId: string | null;
  /** The JSON path, for the tooltip (as `spinplan validate` prints it). */
  path: string;
}

const AT = /^(arrays|devices)\[(\d+)\]\.?(.*)$/;

/**
 * Names instead of JSON indices: `arrays[1]` becomes the array's name, a message's
 * `(arrays[0], arr_1)` its id, and a message that starts with its own array's name and id
 * (the overlap warning, which the command line prints whole) loses that start.
 */
export function problemView(design: Design, p: Problem): ProblemView {
  const m = AT.exec(p.path);
  let subject = p.path.split('.')[0] ?? p.path;
  let field: string | null = p.path.includes('.') ? p.path.slice(p.path.indexOf('.') + 1) : null;
  let arrayId: string | null = null;
  let text = p.message;
  if (m) {
    const record = m[1] === 'arrays' ? design.arrays[Number(m[2])] : design.devices[Number(m[2])];
    field = m[3] || null;
    if (record) {
      subject = record.name;
      if (m[1] === 'arrays') arrayId = record.id;
      const own = `${JSON.stringify(record.name)} (${record.id}) `;
      if (text.startsWith(own)) text = text.slice(own.length);
    } else subject = `${m[1] === 'arrays' ? 'array' : 'device'} ${Number(m[2]) + 1}`;
  } else if (subject === 'chip') subject = 'die';
  text = text
    .replace(/\((arrays|devices)\[\d+\](?:\.\w+)?, ([\w-]+)\)/g, '($2)')
    .replace(/(arrays|devices)\[(\d+)\](?:\.id)?/g, (whole, kind: string, i: string) => {
      const r = kind === 'arrays' ? design.arrays[Number(i)] : design.devices[Number(i)];
      return r ? `${JSON.stringify(r.name)} (${r.id})` : whole;
    });
  return { subject, field, text, arrayId, path: p.path };
}
