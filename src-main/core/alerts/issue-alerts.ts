/**
 * From what a pipeline batch did to groups to the live `issue.alert` events: one per project
 * whose batch created, regressed or brought back an archived issue (Sentry's alert conditions "a
 * new issue is created", "the issue changes state from resolved to unresolved" and "the issue
 * changes state from archived to escalating": an archive until N events or until escalating that
 * ended), or put an issue over a frequency alert's threshold (`frequency-alerts.ts`). Runs in the
 * worker.
 */
import type { IssueAlert, IssueAlertEvent } from '../../../src-shared/api.ts';
import type { GroupChange } from '../issues/record.ts';
import { formatShortId } from '../issues/short-id.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import type { FrequencyHit } from './frequency-alerts.ts';

/** A notification names a few issues; the counts say how many there were. */
export const ALERT_ISSUES_LISTED = 5;

interface AlertRow {
  id: number;
  project_id: number;
  slug: string;
  short_id: number;
  title: string;
  culprit: string;
}

/** The alert a group change is worth, if any. */
const ALERTS: Partial<Record<GroupChange, IssueAlert['change']>> = {
  new: 'new',
  regressed: 'regressed',
  unsnoozed: 'escalating',
  escalating: 'escalating',
};

const COUNTS = {
  new: 'newCount',
  regressed: 'regressedCount',
  escalating: 'escalatingCount',
  frequent: 'frequentCount',
} as const;

type Alerted = [groupId: number, change: IssueAlert['change'], condition?: string];

export function issueAlertEvents(
  db: SqliteDb,
  changes: ReadonlyMap<number, GroupChange>,
  frequent: readonly FrequencyHit[] = [],
): IssueAlertEvent[] {
  const alerted = [...changes].flatMap(([groupId, change]): Alerted[] => {
    const alert = ALERTS[change];
    return alert ? [[groupId, alert]] : [];
  });
  for (const hit of frequent) alerted.push([hit.groupId, 'frequent', hit.condition]);
  if (alerted.length === 0) return [];
  const rows = stmt<[string], AlertRow>(
    db,
    `SELECT g.id, g.project_id, p.slug, g.short_id, g.title, g.culprit
       FROM groups g JOIN projects p ON p.id = g.project_id
      WHERE g.id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(alerted.map(([groupId]) => groupId)));
  const byId = new Map(rows.map((row) => [row.id, row]));
  const events = new Map<number, IssueAlertEvent>();
  for (const [groupId, change, condition] of alerted) {
    const row = byId.get(groupId);
    if (!row) continue; // deleted meanwhile
    const event = events.get(row.project_id) ?? {
      type: 'issue.alert' as const,
      projectId: row.project_id,
      newCount: 0,
      regressedCount: 0,
      escalatingCount: 0,
      frequentCount: 0,
      issues: [],
    };
    event[COUNTS[change]]++;
    if (event.issues.length < ALERT_ISSUES_LISTED) {
      const issue: IssueAlert = {
        groupId,
        shortId: formatShortId(row.slug, row.short_id),
        title: row.title,
        culprit: row.culprit,
        change,
        ...(condition === undefined ? {} : { condition }),
      };
      event.issues.push(issue);
    }
    events.set(row.project_id, event);
  }
  return [...events.values()];
}
