/**
 * Desktop notifications for new and regressed issues, opt-in (setting `notifyNewIssues`). The
 * alerts of a burst are gathered for a moment and told in one notification, so a deploy that
 * breaks twenty things does not open twenty bubbles. No electron here: the app passes `show`.
 */
import type { IssueAlertEvent } from '../../../src-shared/api.ts';
import type { LiveBus } from '../live.ts';
import { readSettings } from '../settings/settings-store.ts';
import type { SqliteDb } from '../store/sqlite.ts';

export interface IssueNotification {
  title: string;
  body: string;
  /** The issue to open on click: set when the notification is about one issue. */
  groupId: number | undefined;
}

export interface NotifierOptions {
  live: LiveBus;
  db: SqliteDb;
  show(notification: IssueNotification): void;
  /** How long alerts are gathered before one notification (default 1.5 s). */
  gatherMs?: number;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The words of one notification for the alerts of a burst. */
export function describeAlerts(alerts: readonly IssueAlertEvent[]): IssueNotification | undefined {
  const newCount = alerts.reduce((sum, alert) => sum + alert.newCount, 0);
  const regressedCount = alerts.reduce((sum, alert) => sum + alert.regressedCount, 0);
  const issues = alerts.flatMap((alert) => alert.issues);
  const [first] = issues;
  if (!first || newCount + regressedCount === 0) return undefined;
  if (newCount + regressedCount === 1) {
    return {
      title: first.change === 'new' ? `New issue ${first.shortId}` : `Regression ${first.shortId}`,
      body: first.culprit ? `${first.title}\n${first.culprit}` : first.title,
      groupId: first.groupId,
    };
  }
  const parts = [
    newCount > 0 ? plural(newCount, 'new issue') : '',
    regressedCount > 0 ? plural(regressedCount, 'regression') : '',
  ].filter(Boolean);
  const listed = issues.slice(0, 3).map((issue) => `${issue.shortId}: ${issue.title}`);
  const more = newCount + regressedCount - listed.length;
  return {
    title: parts.join(', '),
    body: [...listed, ...(more > 0 ? [`and ${more} more`] : [])].join('\n'),
    groupId: undefined,
  };
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
    if (!readSettings(options.db).notifyNewIssues) return;
    pending.push(event);
    timer ??= setTimeout(flush, options.gatherMs ?? 1500);
  });
  return () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
  };
}
