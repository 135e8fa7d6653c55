/**
 * Notifications of new and regressed issues, and of frequency alerts, in the browser, for `faultline serve`'s UI (the
 * desktop app's main process shows its own). Shown while a Faultline page is open, when the
 * setting is on and the browser allows this page to notify; the alerts of a burst are told in one
 * notification, as the desktop app tells them. A click opens the issue.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { IssueAlertEvent } from '../../src-shared/api.ts';
import {
  ALERT_GATHER_MS,
  anyAlertEnabled,
  describeAlerts,
  wantedAlert,
} from '../../src-shared/issue-notification.ts';
import { apiQueryOptions, useApiQuery } from '../api/hooks.ts';
import { useTransport } from '../api/transport.tsx';
import { hrefFor, navigate } from './router.ts';

export function browserNotificationsAllowed(): boolean {
  return typeof Notification !== 'undefined' && Notification.permission === 'granted';
}

function show(alerts: IssueAlertEvent[]): void {
  const notification = describeAlerts(alerts);
  if (!notification) return;
  const issues = alerts.flatMap((alert) => alert.issues.map((issue) => `${issue.change}-${issue.groupId}`));
  // The same tag in every open tab: the browser shows the burst once, not once per tab. The change
  // is in it, so a frequency alert does not silently replace the issue's earlier "new issue".
  const shown = new Notification(notification.title, {
    body: notification.body,
    tag: `faultline-issues-${issues.join(',')}`,
  });
  const { groupId } = notification;
  shown.onclick = () => {
    window.focus();
    navigate(groupId === undefined ? hrefFor('issues') : hrefFor('issues', [groupId]));
    shown.close();
  };
}

export function useBrowserNotifications(): void {
  const transport = useTransport();
  const info = useApiQuery('app.info', {});
  const headless = info.data?.mode === 'headless';
  // settings.get asks the worker for the data usage: only read it where a notification could show.
  const settings = useQuery({
    ...apiQueryOptions(transport, 'settings.get', {}),
    enabled: headless && browserNotificationsAllowed(),
  });
  const current = settings.data?.settings;
  const wanted = headless && current !== undefined && anyAlertEnabled(current) ? current : undefined;
  const pending = useRef<IssueAlertEvent[]>([]);
  useEffect(() => {
    if (!wanted) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = transport.subscribe((event) => {
      if (event.type !== 'issue.alert' || !browserNotificationsAllowed()) return;
      const alert = wantedAlert(event, wanted);
      if (!alert) return;
      pending.current.push(alert);
      timer ??= setTimeout(() => {
        timer = undefined;
        const alerts = pending.current;
        pending.current = [];
        show(alerts);
      }, ALERT_GATHER_MS);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
      pending.current = [];
    };
  }, [wanted, transport]);
}
