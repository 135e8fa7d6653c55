// Loads the built-in enhancement bases and the project's own rules into one ordered rule list.
import { ALL_PLATFORMS_2023_01_11 } from './base-2023-01-11.ts';
import { ALL_PLATFORMS_2026_01_20 } from './base-2026-01-20.ts';
import { type EnhancementRule, parseEnhancements } from './rules.ts';

const BASES: Record<string, string> = {
  'all-platforms:2023-01-11': ALL_PLATFORMS_2023_01_11,
  'all-platforms:2026-01-20': ALL_PLATFORMS_2026_01_20,
};

const parsedBases = new Map<string, EnhancementRule[]>();

export function baseRules(base: string): EnhancementRule[] {
  let rules = parsedBases.get(base);
  if (!rules) {
    rules = parseEnhancements(BASES[base] ?? '', true);
    parsedBases.set(base, rules);
  }
  return rules;
}

/** Combined lists by base and project rule text: parsed (and compiled) once, not per event. */
const combined = new Map<string, EnhancementRule[]>();
const MAX_COMBINED = 256;

/** Base rules first, so that the project's rules, applied later, win. Callers must not modify the list. */
export function enhancementRules(base: string, projectRules: string | null | undefined): EnhancementRule[] {
  const key = `${base}\n${projectRules ?? ''}`;
  let rules = combined.get(key);
  if (!rules) {
    rules = [...baseRules(base), ...(projectRules ? parseEnhancements(projectRules, false) : [])];
    // Project rules change by a settings edit; a full cache means many of them: start over.
    if (combined.size >= MAX_COMBINED) combined.clear();
    combined.set(key, rules);
  }
  return rules;
}
