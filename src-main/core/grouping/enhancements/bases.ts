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

/** Base rules first, so that the project's rules, applied later, win. */
export function enhancementRules(base: string, projectRules: string | null | undefined): EnhancementRule[] {
  return [...baseRules(base), ...(projectRules ? parseEnhancements(projectRules, false) : [])];
}
