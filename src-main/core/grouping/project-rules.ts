// A project's own grouping rules as texts (Sentry's Settings → Issue Grouping): Fingerprint Rules
// (`sentry:fingerprinting_rules`) and Stack Trace Rules (`sentry:grouping_enhancements`). Checked
// here as Sentry's project validators check them, and for the pipeline, which applies a stored
// text only when it parses.
import { parseEnhancements } from './enhancements/rules.ts';
import { parseFingerprintRulesText } from './fingerprinting/rules.ts';

/** Why the text is refused (line and column included), or null when it parses; empty is none. */
export function fingerprintingRulesProblem(text: string): string | null {
  return problemOf(() => parseFingerprintRulesText(text));
}

export function enhancementsProblem(text: string): string | null {
  return problemOf(() => parseEnhancements(text, false));
}

function problemOf(parse: () => unknown): string | null {
  try {
    parse();
    return null;
  } catch (error) {
    if (typeof (error as { type?: unknown }).type === 'string') return (error as Error).message;
    throw error;
  }
}

/** Texts checked so far (a project's rules are read once a second), by kind and text. */
const usable = new Map<string, boolean>();
const MAX_CHECKED = 256;

/**
 * The text when it is set and parses, else undefined: a stored text that does not (written by
 * hand, or by a version that read it otherwise) is applied as no rules, not as a failure of every
 * event, as Sentry falls back to no project rules.
 */
export function usableRules(kind: 'fingerprinting' | 'enhancements', text: unknown): string | undefined {
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  const key = `${kind}\n${text}`;
  let ok = usable.get(key);
  if (ok === undefined) {
    ok = (kind === 'fingerprinting' ? fingerprintingRulesProblem(text) : enhancementsProblem(text)) === null;
    if (usable.size >= MAX_CHECKED) usable.clear();
    usable.set(key, ok);
  }
  return ok ? text : undefined;
}
