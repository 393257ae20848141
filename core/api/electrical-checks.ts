import type { Problem } from '../model/problems.js';
import { electricalChecks, RULE_KEYS, RULES, type CheckOptions, type RuleFinding, type SimulatedArray } from '../ppa/checks.js';

/**
 * The electrical rule checks (core/ppa/checks.ts) as the UI takes them: the findings of a
 * design without solving it (column currents from G V_read, the IR drop of the arrays the
 * UI has simulated), fast enough for every edit, and as problems the Problems list shows.
 */
export { electricalChecks, RULE_KEYS, RULES, type CheckOptions, type RuleFinding, type SimulatedArray };

/** Findings as warnings at their array's path, the way validation's problems read. */
export function findingProblems(findings: readonly RuleFinding[]): Problem[] {
  return findings.map((f) => ({ path: f.path, message: f.message }));
}
