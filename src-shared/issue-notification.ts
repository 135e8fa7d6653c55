/**
 * The words of one notification for the issue alerts of a burst: the desktop app's (main
 * process) and the browser's (`faultline serve`'s UI) say the same.
 */
import type { IssueAlertEvent } from './api.ts';

/** How long the alerts of a burst are gathered before one notification tells them all. */
export const ALERT_GATHER_MS = 1500;

export interface IssueNotification {
  title: string;
  body: string;
  /** The issue to open on click: set when the notification is about one issue. */
  groupId: number | undefined;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const SINGLE_TITLES: Record<IssueAlertEvent['issues'][number]['change'], string> = {
  new: 'New issue',
  regressed: 'Regression',
  escalating: 'Escalating issue',
};

/** The words of one notification for the alerts of a burst. */
export function describeAlerts(alerts: readonly IssueAlertEvent[]): IssueNotification | undefined {
  const newCount = alerts.reduce((sum, alert) => sum + alert.newCount, 0);
  const regressedCount = alerts.reduce((sum, alert) => sum + alert.regressedCount, 0);
  const escalatingCount = alerts.reduce((sum, alert) => sum + alert.escalatingCount, 0);
  const total = newCount + regressedCount + escalatingCount;
  const issues = alerts.flatMap((alert) => alert.issues);
  const [first] = issues;
  if (!first || total === 0) return undefined;
  if (total === 1) {
    return {
      title: `${SINGLE_TITLES[first.change]} ${first.shortId}`,
      body: first.culprit ? `${first.title}\n${first.culprit}` : first.title,
      groupId: first.groupId,
    };
  }
  const parts = [
    newCount > 0 ? plural(newCount, 'new issue') : '',
    regressedCount > 0 ? plural(regressedCount, 'regression') : '',
    escalatingCount > 0 ? plural(escalatingCount, 'escalating issue') : '',
  ].filter(Boolean);
  const listed = issues.slice(0, 3).map((issue) => `${issue.shortId}: ${issue.title}`);
  const more = total - listed.length;
  return {
    title: parts.join(', '),
    body: [...listed, ...(more > 0 ? [`and ${more} more`] : [])].join('\n'),
    groupId: undefined,
  };
}
