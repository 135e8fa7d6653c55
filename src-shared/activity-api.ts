/**
 * An issue's Activity, as Sentry's issue page shows it: what changed the issue and when (Sentry's
 * `Activity` rows, `sentry/types/activity.py`, by their lowercase names) and the notes people leave
 * on it. Params schemas and result types of `issues.activity` and `issues.notes.*`.
 */
import { z } from 'zod';
import type { IssueActivity } from './issues-api.ts';

/**
 * The Sentry activity types Faultline records on an issue, with the data Sentry keeps in each:
 * `set_resolved` {}, `set_resolved_in_release` {version, current_release_version?},
 * `set_resolved_by_age` {age}, `set_unresolved` {}, `set_ignored` {ignoreCount, ignoreDuration,
 * ignoreUntil, ignoreUserCount, ignoreUserWindow, ignoreWindow, ignoreUntilEscalating},
 * `set_regression` {event_id, version, follows_semver?, resolved_in_version?}, `set_escalating`
 * {event_id, expired_snooze? | forecast?}, `auto_set_ongoing` {after_days}, `mark_reviewed` {}, `set_priority` {priority, reason}, `merge` {issues: [{id}]},
 * `unmerge_source` {destination_id, fingerprints}, `unmerge_destination` {source_id, fingerprints},
 * `note` {text}; and `first_seen` {priority}, which Sentry does not store but adds to every feed.
 */
export const ACTIVITY_TYPES = [
  'note',
  'first_seen',
  'set_resolved',
  'set_resolved_in_release',
  'set_resolved_by_age',
  'set_unresolved',
  'set_ignored',
  'set_regression',
  'set_escalating',
  'auto_set_ongoing',
  'mark_reviewed',
  'set_priority',
  'merge',
  'unmerge_source',
  'unmerge_destination',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

/**
 * Sentry's note serializer sets no maximum (a DRF `CharField`); Faultline keeps a note within this,
 * far inside the RPC's 1 MB of params.
 */
export const MAX_NOTE_LENGTH = 100_000;

/** A page of an issue's feed, newest first; its last page ends with `first_seen`. */
export interface IssueActivityPage {
  activity: IssueActivity[];
  /** Entries of the whole feed, `first_seen` included. */
  total: number;
  offset: number;
}

const groupId = z.number().int().positive();
const noteId = z.number().int().positive();
/** As DRF's `CharField`: surrounding whitespace is trimmed and a blank note refused. */
const text = z
  .string()
  .trim()
  .min(1, 'a note needs some text')
  .max(MAX_NOTE_LENGTH, `a note is at most ${MAX_NOTE_LENGTH.toLocaleString('en')} characters`);

export const activityParams = {
  list: z
    .object({
      groupId,
      offset: z.number().int().nonnegative().default(0),
      limit: z.number().int().min(1).max(500).default(50),
    })
    .strict(),
  addNote: z.object({ groupId, text }).strict(),
  updateNote: z.object({ groupId, noteId, text }).strict(),
  deleteNote: z.object({ groupId, noteId }).strict(),
};
