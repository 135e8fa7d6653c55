/**
 * Sentry's frequency conditions of an issue alert, evaluated for the issues a pipeline batch
 * stored events of (`src/sentry/rules/conditions/event_frequency.py`):
 * - `EventFrequencyCondition`: the events in the trailing interval are more than `value`;
 * - `EventUniqueUserFrequencyCondition`: their distinct users (events with a user) are more than `value`.
 * The window ends when the condition is evaluated (Sentry's `timezone.now()`, not the event's
 * time) and holds the events whose timestamp is in [end - interval, end). Strictly greater, as
 * Sentry's `current_value > value`. Sample events do not count.
 *
 * Each condition is a rule of its own with Sentry's action throttle: once it fires for an issue,
 * it does not fire for that issue again until `alertFrequencyMinutes` have passed (Sentry's
 * `GroupRuleStatus.last_active` against the rule's `frequency`). The last firing is kept in
 * `group_rule_status`, so a restart does not fire again. Archived and resolved issues are not
 * told (a resolved issue that gets an event is unresolved again by then: a regression).
 * Runs in the worker.
 */
import { FREQUENCY_INTERVALS, type FrequencyAlert, type Settings } from '../../../src-shared/settings-api.ts';
import { GroupStatus } from '../issues/types.ts';
import type { Migration } from '../store/migrations.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';

export const GROUP_RULE_STATUS_MIGRATION: Migration = {
  name: '0121_group_rule_status',
  sql: `
    -- When a frequency alert last fired for an issue (Sentry's GroupRuleStatus.last_active): its
    -- throttle. Deleted with the issue.
    CREATE TABLE group_rule_status (
      group_id INTEGER NOT NULL,
      rule TEXT NOT NULL,
      last_active INTEGER NOT NULL,
      PRIMARY KEY (group_id, rule)
    ) WITHOUT ROWID;
    CREATE TRIGGER group_rule_status_group_delete AFTER DELETE ON groups BEGIN
      DELETE FROM group_rule_status WHERE group_id = OLD.id;
    END;
  `,
};

export type FrequencyRule = 'event_frequency' | 'event_unique_user_frequency';

export interface FrequencyHit {
  groupId: number;
  /** The condition in words, for the notification. */
  condition: string;
}

const RULES: ReadonlyArray<{
  rule: FrequencyRule;
  setting: 'alertEventFrequency' | 'alertUniqueUserFrequency';
  measure: string;
  words: (alert: FrequencyAlert) => string;
}> = [
  {
    rule: 'event_frequency',
    setting: 'alertEventFrequency',
    measure: 'count(*)',
    words: (alert) => `seen more than ${alert.value} times in ${FREQUENCY_INTERVALS[alert.interval].label}`,
  },
  {
    rule: 'event_unique_user_frequency',
    setting: 'alertUniqueUserFrequency',
    measure: 'count(DISTINCT user_key)',
    words: (alert) =>
      `seen by more than ${alert.value} users in ${FREQUENCY_INTERVALS[alert.interval].label}`,
  },
];

/**
 * The frequency alerts the issues in `groupIds` are worth at `now`; records each as fired. An
 * issue both rules pass for is told once, with both conditions.
 */
export function frequencyAlerts(
  db: SqliteDb,
  settings: Settings,
  groupIds: Iterable<number>,
  now: number,
): FrequencyHit[] {
  const enabled = RULES.filter(({ setting }) => settings[setting].enabled);
  if (enabled.length === 0) return [];
  const unresolved = stmt<[number, number], { n: number }>(
    db,
    'SELECT count(*) AS n FROM groups WHERE id = ? AND status = ?',
  );
  const lastActive = stmt<[number, string], { last_active: number }>(
    db,
    'SELECT last_active FROM group_rule_status WHERE group_id = ? AND rule = ?',
  );
  const markFired = stmt(
    db,
    `INSERT INTO group_rule_status (group_id, rule, last_active) VALUES (?, ?, ?)
     ON CONFLICT (group_id, rule) DO UPDATE SET last_active = excluded.last_active`,
  );
  const throttleFrom = now - settings.alertFrequencyMinutes * 60_000;
  const hits = new Map<number, FrequencyHit>();
  for (const groupId of groupIds) {
    if ((unresolved.get(groupId, GroupStatus.UNRESOLVED)?.n ?? 0) === 0) continue;
    for (const { rule, setting, measure, words } of enabled) {
      const alert = settings[setting];
      const last = lastActive.get(groupId, rule)?.last_active;
      if (last !== undefined && last > throttleFrom) continue;
      const current = stmt<[number, number, number], { n: number }>(
        db,
        `SELECT ${measure} AS n FROM events INDEXED BY events_group
          WHERE group_id = ? AND timestamp >= ? AND timestamp < ? AND is_sample = 0`,
      ).get(groupId, now - FREQUENCY_INTERVALS[alert.interval].ms, now);
      if ((current?.n ?? 0) <= alert.value) continue;
      markFired.run(groupId, rule, now);
      const earlier = hits.get(groupId);
      hits.set(groupId, {
        groupId,
        condition: earlier ? `${earlier.condition} and ${words(alert)}` : words(alert),
      });
    }
  }
  return [...hits.values()];
}
