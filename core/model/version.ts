/** Spinplan's version, written into decks and reports; keep in step with package.json (a test checks). */
export const SPINPLAN_VERSION = '0.1.0';
