/**
 * Desktop notifications for new and regressed issues (opt-in, setting `notifyNewIssues`) and for
 * issues over a frequency alert's threshold (made only while that alert is on). The
 * alerts of a burst are gathered for a moment and told in one notification, so a deploy that
 * breaks twenty things does not open twenty bubbles. No electron here: the app passes `show`.
 */
import type { IssueAlertEvent } from '../../../src-shared/api.ts';
import {
  ALERT_GATHER_MS,
  describeAlerts,
  type IssueNotification,
  wantedAlert,
} from '../../../src-shared/issue-notification.ts';
import type { LiveBus } from '../live.ts';
import { readSettings } from '../settings/settings-store.ts';
import type { SqliteDb } from '../store/sqlite.ts';

export { describeAlerts, type IssueNotification };

export interface NotifierOptions {
  live: LiveBus;
  db: SqliteDb;
  show(notification: IssueNotification): void;
  /** How long alerts are gathered before one notification (default 1.5 s). */
  gatherMs?: number;
}

/** Starts listening; returns the function that stops. */
export function startIssueNotifier(options: NotifierOptions): () => void {
  let pending: IssueAlertEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const notification = describeAlerts(pending);
    pending = [];
    if (notification) options.show(notification);
  };
  const unsubscribe = options.live.subscribe((event) => {
    if (event.type !== 'issue.alert') return;
    // Read each time: the switch on the Settings page applies at once.
    const wanted = wantedAlert(event, readSettings(options.db));
    if (!wanted) return;
    pending.push(wanted);
    timer ??= setTimeout(flush, options.gatherMs ?? ALERT_GATHER_MS);
  });
  return () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
  };
}
