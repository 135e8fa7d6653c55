/**
 * Reading and changing a project's grouping rules (Sentry's Settings → Issue Grouping): Fingerprint
 * Rules in `projects.options.fingerprintingRules`, Stack Trace Rules in
 * `projects.options.groupingEnhancements`. A text is checked as Sentry's project validators check
 * it: one that does not parse is refused, naming its line and column. A change applies to the next
 * event: the pipeline worker reads the project's options again before its next batch (and a batch
 * prepared ahead is grouped again, prepare-batch.ts `regroupStale`).
 */
import { FaultlineError } from '../../../src-shared/errors.ts';
import { EMPTY_GROUPING_RULES, type GroupingRules } from '../../../src-shared/grouping-rules-api.ts';
import type { Handlers } from '../api/handlers.ts';
import { enhancementsProblem, fingerprintingRulesProblem } from '../grouping/project-rules.ts';
import { forgetProjectOptions } from '../pipeline/project-options.ts';
import type { SqliteDb } from '../store/sqlite.ts';

/** Options that are not a JSON object are read as none (as the pipeline reads them). */
const OPTIONS = "CASE WHEN json_valid(options) AND json_type(options) = 'object' THEN options ELSE '{}' END";

export function readGroupingRules(db: SqliteDb, projectId: number): GroupingRules {
  const row = db
    .prepare<[number], { fingerprintingRules: unknown; groupingEnhancements: unknown }>(
      `SELECT json_extract(${OPTIONS}, '$.fingerprintingRules') AS fingerprintingRules,
              json_extract(${OPTIONS}, '$.groupingEnhancements') AS groupingEnhancements
       FROM projects WHERE id = ?`,
    )
    .get(projectId);
  if (!row) throw new FaultlineError('not_found', `project ${projectId} does not exist`);
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    ...EMPTY_GROUPING_RULES,
    fingerprintingRules: text(row.fingerprintingRules),
    groupingEnhancements: text(row.groupingEnhancements),
  };
}

/** Why Sentry's project validators would refuse each text given (none: it parses, or is empty). */
export function groupingRulesProblems(change: Partial<GroupingRules>): Partial<GroupingRules> {
  const problems: Partial<GroupingRules> = {};
  const fingerprinting = change.fingerprintingRules && fingerprintingRulesProblem(change.fingerprintingRules);
  if (fingerprinting) problems.fingerprintingRules = fingerprinting;
  const enhancements = change.groupingEnhancements && enhancementsProblem(change.groupingEnhancements);
  if (enhancements) problems.groupingEnhancements = enhancements;
  return problems;
}

function check(change: Partial<GroupingRules>): void {
  const { fingerprintingRules, groupingEnhancements } = groupingRulesProblems(change);
  const problems = [
    ...(fingerprintingRules ? [`Fingerprint Rules: ${fingerprintingRules}`] : []),
    ...(groupingEnhancements ? [`Stack Trace Rules: ${groupingEnhancements}`] : []),
  ];
  if (problems.length > 0) throw new FaultlineError('invalid_params', problems.join('; '));
}

/** Only the keys given change, in one transaction: other options written meanwhile are kept. */
function writeGroupingRules(db: SqliteDb, projectId: number, change: Partial<GroupingRules>): GroupingRules {
  readGroupingRules(db, projectId);
  check(change);
  db.transaction(() => {
    for (const key of ['fingerprintingRules', 'groupingEnhancements'] as const) {
      const text = change[key];
      if (text === undefined) continue;
      // An empty text is no rules, as Sentry's empty option: the key goes.
      if (text.trim() === '')
        db.prepare(`UPDATE projects SET options = json_remove(${OPTIONS}, '$.${key}') WHERE id = ?`).run(
          projectId,
        );
      else
        db.prepare(`UPDATE projects SET options = json_set(${OPTIONS}, '$.${key}', ?) WHERE id = ?`).run(
          text,
          projectId,
        );
    }
  })();
  return readGroupingRules(db, projectId);
}

export const groupingRulesHandlers: Pick<
  Handlers,
  'projects.getGroupingRules' | 'projects.setGroupingRules'
> = {
  'projects.getGroupingRules': ({ projectId }, ctx) => readGroupingRules(ctx.db, projectId),
  'projects.setGroupingRules': async ({ projectId, ...change }, ctx) => {
    const stored = writeGroupingRules(ctx.db, projectId, change);
    // The worker reads them again before its next batch; this thread (an event's Grouping info) at once.
    forgetProjectOptions(ctx.db, projectId);
    await ctx.pipeline.call('projects.optionsChanged', { projectId });
    ctx.live.publish({ type: 'projects.changed' });
    return stored;
  },
};
