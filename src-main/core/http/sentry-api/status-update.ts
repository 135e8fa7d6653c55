/**
 * Sentry's issue mutation body (`GroupValidator`: `status`, `statusDetails`, `substatus`, the
 * `snoozeDuration` sentry-cli sends, `priority`, `isBookmarked`, `inbox`) as Faultline's issue updates, and
 * the answer Sentry's `update_groups` gives: the fields it applied, with `statusDetails`.
 */
import { PRIORITY_VALUES, type PriorityValue } from '../../../../src-shared/issue-search/types.ts';
import type { IssueStatusUpdate, IssueUpdate } from '../../../../src-shared/issues-api.ts';
import { SentryApiError } from './request.ts';

const STATUSES = ['resolved', 'unresolved', 'ignored', 'resolvedInNextRelease', 'muted'] as const;
type SentryStatus = (typeof STATUSES)[number];

export interface StatusChange {
  update: IssueStatusUpdate;
  /** What Sentry answers for the change. */
  result: Record<string, unknown>;
}

function isStatus(value: unknown): value is SentryStatus {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** Archiving for a while, or until N users: Faultline keeps no such snooze, so it is refused. */
const UNSUPPORTED_SNOOZES = [
  'ignoreDuration',
  'ignoreUntil',
  'ignoreUserCount',
  'ignoreWindow',
  'ignoreUserWindow',
];

function ignoredUpdate(
  body: Record<string, unknown>,
  details: Record<string, unknown>,
): StatusChange['update'] {
  const timed = [body.snoozeDuration, body.ignoreDuration, ...UNSUPPORTED_SNOOZES.map((key) => details[key])];
  if (timed.some((value) => value !== undefined && value !== null))
    throw new SentryApiError(400, {
      statusDetails: ['Faultline archives forever, until escalating or for a number of events only'],
    });
  const count = details.ignoreCount;
  if (count !== undefined && count !== null) {
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1)
      throw new SentryApiError(400, { statusDetails: { ignoreCount: ['A valid integer is required.'] } });
    return { status: 'ignored', until: 'count', count };
  }
  if (details.untilEscalating === true || body.substatus === 'archived_until_escalating')
    return { status: 'ignored', until: 'escalating' };
  return { status: 'ignored', until: 'forever' };
}

function resolvedUpdate(status: SentryStatus, details: Record<string, unknown>): StatusChange['update'] {
  if (status === 'resolvedInNextRelease' || details.inNextRelease === true)
    return { status: 'resolvedInNextRelease' };
  if (typeof details.inRelease === 'string' && details.inRelease !== '')
    return { status: 'resolved', inRelease: details.inRelease };
  return { status: 'resolved' };
}

/**
 * What a PUT body asks for, in Sentry's order (the priority, then the status, then the bookmark, then the inbox),
 * with Sentry's answer; 400 as Sentry's validator words it.
 */
export function issueChangesOf(rawBody: unknown): {
  updates: IssueUpdate[];
  result: Record<string, unknown>;
} {
  const body = record(rawBody);
  const updates: IssueUpdate[] = [];
  let result: Record<string, unknown> = {};
  const { priority, isBookmarked } = body;
  if (priority !== undefined && priority !== null) {
    if (!(PRIORITY_VALUES as readonly unknown[]).includes(priority))
      throw new SentryApiError(400, { priority: [`"${String(priority)}" is not a valid choice.`] });
    updates.push({ priority: priority as PriorityValue });
    result.priority = priority;
  }
  if (body.status !== undefined && body.status !== null) {
    const change = statusChangeOf(body);
    updates.push(change.update);
    result = { ...result, ...change.result };
  }
  if (typeof isBookmarked === 'boolean') {
    updates.push({ isBookmarked });
    result.isBookmarked = isBookmarked;
  }
  if (body.inbox !== undefined && body.inbox !== null) {
    // Faultline's For Review is the substatus (New, Regressed, Escalating): an issue can leave it
    // (Mark Reviewed) but not be put back by hand.
    if (body.inbox !== false)
      throw new SentryApiError(400, {
        inbox: ['Faultline marks issues reviewed (`false`); it does not add them to For Review by hand.'],
      });
    updates.push({ inbox: false });
    result.inbox = false;
  }
  if (updates.length === 0)
    throw new SentryApiError(400, {
      detail:
        'Faultline changes the status, priority, bookmark and review of issues: give `status`, `priority`, `isBookmarked` or `inbox`.',
    });
  return { updates, result };
}

/** The status change a PUT body asks for. */
function statusChangeOf(body: Record<string, unknown>): StatusChange {
  const status = body.status;
  if (!isStatus(status))
    throw new SentryApiError(400, { status: [`"${String(status)}" is not a valid choice.`] });
  const details = record(body.statusDetails);
  switch (status) {
    case 'resolved':
    case 'resolvedInNextRelease': {
      const update = resolvedUpdate(status, details);
      const statusDetails =
        update.status === 'resolvedInNextRelease'
          ? { inNextRelease: true }
          : 'inRelease' in update
            ? { inRelease: update.inRelease }
            : {};
      return { update, result: { status: 'resolved', statusDetails, inbox: null } };
    }
    case 'unresolved':
      return { update: { status: 'unresolved' }, result: { status, statusDetails: {} } };
    case 'ignored':
    case 'muted': {
      const update = ignoredUpdate(body, details);
      const statusDetails =
        update.status !== 'ignored'
          ? {}
          : update.until === 'count'
            ? { ignoreCount: update.count }
            : update.until === 'escalating'
              ? { ignoreUntilEscalating: true }
              : {};
      return { update, result: { status, statusDetails, inbox: null } };
    }
  }
}
