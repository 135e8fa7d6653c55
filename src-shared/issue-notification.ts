/**
 * The words of one notification for the issue alerts of a burst: the desktop app's (main
 * process) and the browser's (`faultline serve`'s UI) say the same.
 */
import type { IssueAlertEvent } from './api.ts';
import type { Settings } from './settings-api.ts';

/** How long the alerts of a burst are gathered before one notification tells them all. */
export const ALERT_GATHER_MS = 1500;

export interface IssueNotification {
  title: string;
  body: string;
  /** The issue to open on click: set when the notification is about one issue. */
  groupId: number | undefined;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const SINGLE_TITLES: Record<IssueAlertEvent['issues'][number]['change'], string> = {
  new: 'New issue',
  regressed: 'Regression',
  escalating: 'Escalating issue',
  frequent: 'Frequent issue',
};

type NotifySettings = Pick<Settings, 'notifyNewIssues' | 'alertEventFrequency' | 'alertUniqueUserFrequency'>;

/** True when some alert could be notified: the switch of new and regressed issues, or a frequency alert, is on. */
export function anyAlertEnabled(settings: NotifySettings): boolean {
  return (
    settings.notifyNewIssues ||
    settings.alertEventFrequency.enabled ||
    settings.alertUniqueUserFrequency.enabled
  );
}

/**
 * The part of an alert the settings want told: frequency alerts are only made while their setting
 * is on; new, regressed and escalating issues are told while `notifyNewIssues` is on.
 */
export function wantedAlert(alert: IssueAlertEvent, settings: NotifySettings): IssueAlertEvent | undefined {
  const wanted = settings.notifyNewIssues
    ? alert
    : {
        ...alert,
        newCount: 0,
        regressedCount: 0,
        escalatingCount: 0,
        issues: alert.issues.filter((issue) => issue.change === 'frequent'),
      };
  const total = wanted.newCount + wanted.regressedCount + wanted.escalatingCount + wanted.frequentCount;
  return total > 0 ? wanted : undefined;
}

/** The words of one notification for the alerts of a burst. */
export function describeAlerts(alerts: readonly IssueAlertEvent[]): IssueNotification | undefined {
  const newCount = alerts.reduce((sum, alert) => sum + alert.newCount, 0);
  const regressedCount = alerts.reduce((sum, alert) => sum + alert.regressedCount, 0);
  const escalatingCount = alerts.reduce((sum, alert) => sum + alert.escalatingCount, 0);
  const frequentCount = alerts.reduce((sum, alert) => sum + alert.frequentCount, 0);
  const total = newCount + regressedCount + escalatingCount + frequentCount;
  const issues = alerts.flatMap((alert) => alert.issues);
  const [first] = issues;
  if (!first || total === 0) return undefined;
  if (total === 1) {
    const lines = [first.condition ? capitalize(first.condition) : '', first.title, first.culprit];
    return {
      title: `${SINGLE_TITLES[first.change]} ${first.shortId}`,
      body: lines.filter(Boolean).join('\n'),
      groupId: first.groupId,
    };
  }
  const parts = [
    newCount > 0 ? plural(newCount, 'new issue') : '',
    regressedCount > 0 ? plural(regressedCount, 'regression') : '',
    escalatingCount > 0 ? plural(escalatingCount, 'escalating issue') : '',
    frequentCount > 0 ? plural(frequentCount, 'frequent issue') : '',
  ].filter(Boolean);
  const listed = issues
    .slice(0, 3)
    .map((issue) => `${issue.shortId}: ${issue.title}${issue.condition ? ` (${issue.condition})` : ''}`);
  const more = total - listed.length;
  return {
    title: parts.join(', '),
    body: [...listed, ...(more > 0 ? [`and ${more} more`] : [])].join('\n'),
    groupId: undefined,
  };
}
