/**
 * What an Activity entry says, in the words of Sentry's issue page (`groupActivityItem.tsx`):
 * "[author] marked this issue as resolved". Sentry is the author of what the system did; the one
 * user of Faultline is "You".
 */
import type { ActivityType } from '../../../src-shared/activity-api.ts';
import type { IssueActivity } from '../../../src-shared/issues-api.ts';

/** Text, or a link to another issue (an unmerge's other side). */
export type MessagePart = string | { issueId: number; label: string };

export interface ActivityWording {
  author: 'Sentry' | 'You';
  message: MessagePart[];
  /** A second, smaller line (a regression's release comparison). */
  subtext?: string;
}

const SYSTEM: ReadonlySet<string> = new Set<ActivityType>([
  'first_seen',
  'set_regression',
  'set_escalating',
  'auto_set_ongoing',
  'set_priority',
  'set_resolved_by_age',
]);

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const count = (value: unknown): number | undefined =>
  typeof value === 'number' && value > 0
    ? value
    : typeof value === 'string' && Number(value) > 0
      ? Number(value)
      : undefined;
const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function archived(data: Record<string, unknown>): string {
  const times = count(data.ignoreCount);
  if (times) return `archived this issue until it happens ${times} time(s)`;
  const users = count(data.ignoreUserCount);
  if (users) return `archived this issue until it affects ${users} user(s)`;
  const until = text(data.ignoreUntil);
  if (until) return `archived this issue until ${new Date(until).toLocaleString()}`;
  if (data.ignoreUntilEscalating) return 'archived this issue until it escalates';
  return 'archived this issue forever';
}

function escalating(data: Record<string, unknown>): string {
  const forecast = count(data.forecast);
  if (forecast)
    return `flagged this issue as escalating because over ${plural(forecast, 'event', 'events')} happened in an hour`;
  const snoozed = count(record(data.expired_snooze).count);
  if (snoozed)
    return `flagged this issue as escalating because ${plural(snoozed, 'event', 'events')} happened`;
  return 'flagged this issue as escalating';
}

function resolvedInRelease(data: Record<string, unknown>): string {
  const current = text(data.current_release_version);
  if (current) return `marked this issue as resolved in releases greater than ${current} (semver)`;
  const version = text(data.version);
  return version
    ? `marked this issue as resolved in ${version}`
    : 'marked this issue as resolved in the upcoming release';
}

function priority(data: Record<string, unknown>): string {
  const to = `updated the priority value of this issue to be ${text(data.priority) ?? 'unknown'}`;
  if (data.reason === 'escalating') return `${to} after it escalated`;
  if (data.reason === 'ongoing') return `${to} after it was marked as ongoing`;
  return to;
}

/** "migrated 2 fingerprints to PROJ-4" (or "a group", Sentry's words once the other issue is gone). */
function unmerged(data: Record<string, unknown>, direction: 'to' | 'from'): MessagePart[] {
  const other = record(direction === 'to' ? data.destination : data.source);
  const fingerprints = list(data.fingerprints).length;
  const start = `migrated ${plural(fingerprints, 'fingerprint', 'fingerprints')} ${direction} `;
  const id = other.id;
  const label = text(other.shortId);
  return typeof id === 'number' && label ? [start, { issueId: id, label }] : [`${start}a group`];
}

function regression(data: Record<string, unknown>): Pick<ActivityWording, 'message' | 'subtext'> {
  const version = text(data.version);
  const resolvedIn = text(data.resolved_in_version);
  return {
    message: [
      version ? `marked this issue as a regression in ${version}` : 'marked this issue as a regression',
    ],
    ...(version && resolvedIn && 'follows_semver' in data
      ? {
          subtext: `${version} is greater than or equal to ${resolvedIn} compared via ${data.follows_semver ? 'semver' : 'release date'}`,
        }
      : {}),
  };
}

function message(entry: IssueActivity): Pick<ActivityWording, 'message' | 'subtext'> {
  const { data } = entry;
  const say = (words: string) => ({ message: [words] });
  switch (entry.type as ActivityType) {
    case 'note':
      return say('left a comment');
    case 'first_seen':
      return say('first saw this issue');
    case 'set_resolved':
      return say('marked this issue as resolved');
    case 'set_resolved_by_age':
      return say('marked this issue as resolved due to inactivity');
    case 'set_resolved_in_release':
      return say(resolvedInRelease(data));
    case 'set_unresolved':
      return say('marked this issue as unresolved');
    case 'set_ignored':
      return say(archived(data));
    case 'set_regression':
      return regression(data);
    case 'set_escalating':
      return say(escalating(data));
    case 'auto_set_ongoing': {
      const days = count(data.after_days);
      return say(
        `automatically marked this issue as ongoing${days ? ` after ${plural(days, 'day', 'days')}` : ''}`,
      );
    }
    case 'mark_reviewed':
      return say('marked this issue as reviewed');
    case 'set_priority':
      return say(priority(data));
    case 'merge': {
      const merged = list(data.issues).length;
      return say(`merged ${plural(merged, 'issue', 'issues')} into this issue`);
    }
    case 'unmerge_source':
      return { message: unmerged(data, 'to') };
    case 'unmerge_destination':
      return { message: unmerged(data, 'from') };
    default:
      return say(entry.type);
  }
}

/** A priority with no reason is one the user chose (Sentry's manual update records none). */
const bySystem = (entry: IssueActivity) =>
  SYSTEM.has(entry.type) && !(entry.type === 'set_priority' && !entry.data.reason);

export function describeActivity(entry: IssueActivity): ActivityWording {
  return { author: bySystem(entry) ? 'Sentry' : 'You', ...message(entry) };
}
