/**
 * A project's own grouping rules, as Sentry's Settings → Issue Grouping has them: Fingerprint
 * Rules (`sentry:fingerprinting_rules`) and Stack Trace Rules (`sentry:grouping_enhancements`), each
 * a text in Sentry's rule language, one rule a line. Empty is none (the default). Stored as
 * `projects.options.fingerprintingRules` and `projects.options.groupingEnhancements`; a text that
 * does not parse is refused (`invalid_params`) naming its line and column.
 */
import { z } from 'zod';

export interface GroupingRules {
  /** Fingerprint Rules: `matchers -> fingerprint`, e.g. `error.type:TypeError -> type-errors`. */
  fingerprintingRules: string;
  /** Stack Trace Rules: `matchers actions`, e.g. `stack.function:helper* -group`. */
  groupingEnhancements: string;
}

export const EMPTY_GROUPING_RULES: GroupingRules = { fingerprintingRules: '', groupingEnhancements: '' };

/** Characters per text, so that a pasted file cannot make every event slow to group. */
export const MAX_GROUPING_RULES_LENGTH = 100_000;

const projectId = z.number().int().positive();
const rulesText = (name: string) =>
  z
    .string({ error: `${name} must be text` })
    .max(MAX_GROUPING_RULES_LENGTH, `${name} must be at most ${MAX_GROUPING_RULES_LENGTH} characters`);

export const groupingRulesParams = {
  get: z.object({ projectId }).strict(),
  /** Either text or both; the one left out is kept. */
  set: z
    .object({
      projectId,
      fingerprintingRules: rulesText('the fingerprint rules').optional(),
      groupingEnhancements: rulesText('the stack trace rules').optional(),
    })
    .strict(),
};
