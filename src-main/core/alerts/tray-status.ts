/**
 * The tray's tooltip: how many issues are unresolved, kept current from the live bus (re-counted
 * at most once per `debounceMs` after issues change). No electron here: the app passes `onCount`.
 */

import { GroupStatus } from '../issues/types.ts';
import type { LiveBus } from '../live.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';

export function unresolvedIssueCount(db: SqliteDb): number {
  const row = stmt<[number], { n: number }>(db, 'SELECT count(*) AS n FROM groups WHERE status = ?').get(
    GroupStatus.UNRESOLVED,
  );
  return row?.n ?? 0;
}

export function trayTooltip(count: number): string {
  return `Faultline: ${count === 0 ? 'no' : count} unresolved issue${count === 1 ? '' : 's'}`;
}

/** Calls `onCount` now and after every change of issues; returns the function that stops. */
export function watchUnresolvedCount(
  live: LiveBus,
  db: SqliteDb,
  onCount: (count: number) => void,
  debounceMs = 500,
): () => void {
  let timer: NodeJS.Timeout | undefined;
  const report = () => {
    timer = undefined;
    onCount(unresolvedIssueCount(db));
  };
  report();
  const unsubscribe = live.subscribe((event) => {
    if (event.type !== 'issues.changed') return;
    timer ??= setTimeout(report, debounceMs);
  });
  return () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
  };
}
