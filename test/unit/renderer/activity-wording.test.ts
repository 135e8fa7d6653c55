/**
 * What the Activity tab says for each entry, in the words of Sentry's issue page (its
 * `groupActivity.spec.tsx` expectations where it has them): Sentry for what the system did, You for
 * what the user did.
 */
import { expect, it } from 'vitest';
import { describeActivity } from '../../../src-renderer/features/issue/activity-wording.ts';
import type { IssueActivity } from '../../../src-shared/issues-api.ts';

const say = (type: string, data: Record<string, unknown> = {}) => {
  const entry: IssueActivity = { id: 1, type, data, createdAt: '2026-11-01T00:00:00.000Z' };
  const { author, message, subtext } = describeActivity(entry);
  const words = message.map((part) => (typeof part === 'string' ? part : `[${part.label}]`)).join('');
  return subtext ? `${author} ${words} / ${subtext}` : `${author} ${words}`;
};

it('says each status change as Sentry does', () => {
  expect(say('set_resolved')).toBe('You marked this issue as resolved');
  expect(say('set_resolved_by_age', { age: 24 })).toBe(
    'Sentry marked this issue as resolved due to inactivity',
  );
  expect(say('set_resolved_in_release', { version: '' })).toBe(
    'You marked this issue as resolved in the upcoming release',
  );
  expect(say('set_resolved_in_release', { version: 'build-2' })).toBe(
    'You marked this issue as resolved in build-2',
  );
  expect(say('set_resolved_in_release', { version: '', current_release_version: 'shop@1.0.0' })).toBe(
    'You marked this issue as resolved in releases greater than shop@1.0.0 (semver)',
  );
  expect(say('set_unresolved')).toBe('You marked this issue as unresolved');
  expect(say('set_ignored', { ignoreUntilEscalating: true, ignoreCount: null })).toBe(
    'You archived this issue until it escalates',
  );
  expect(say('set_ignored', { ignoreCount: 5 })).toBe('You archived this issue until it happens 5 time(s)');
  expect(say('set_ignored', { ignoreCount: null, ignoreUntilEscalating: null })).toBe(
    'You archived this issue forever',
  );
});

it('says what the pipeline did: regressions, escalations and the priority they raise', () => {
  expect(say('set_regression', { event_id: 'e', version: '' })).toBe(
    'Sentry marked this issue as a regression',
  );
  expect(say('set_regression', { version: 'a@2', resolved_in_version: 'a@1', follows_semver: true })).toBe(
    'Sentry marked this issue as a regression in a@2 / a@2 is greater than or equal to a@1 compared via semver',
  );
  expect(say('set_escalating', { forecast: 400 })).toBe(
    'Sentry flagged this issue as escalating because over 400 events happened in an hour',
  );
  expect(say('set_escalating', { forecast: 1 })).toBe(
    'Sentry flagged this issue as escalating because over 1 event happened in an hour',
  );
  expect(say('set_escalating', { expired_snooze: { count: 3, window: null } })).toBe(
    'Sentry flagged this issue as escalating because 3 events happened',
  );
  expect(say('auto_set_ongoing', { after_days: 7 })).toBe(
    'Sentry automatically marked this issue as ongoing after 7 days',
  );
  expect(say('mark_reviewed', {})).toBe('You marked this issue as reviewed');
  expect(say('set_priority', { priority: 'high', reason: 'escalating' })).toBe(
    'Sentry updated the priority value of this issue to be high after it escalated',
  );
  expect(say('set_priority', { priority: 'low', reason: null })).toBe(
    'You updated the priority value of this issue to be low',
  );
  expect(say('first_seen', { priority: 'high' })).toBe('Sentry first saw this issue');
});

it('says merges and unmerges with their counts, linking the other issue while it exists', () => {
  expect(say('merge', { issues: [{ id: 2 }, { id: 3 }] })).toBe('You merged 2 issues into this issue');
  expect(say('merge', { issues: [{ id: 2 }] })).toBe('You merged 1 issue into this issue');
  expect(say('unmerge_source', { fingerprints: ['a'], destination: { id: 9, shortId: 'SHOP-9' } })).toBe(
    'You migrated 1 fingerprint to [SHOP-9]',
  );
  expect(say('unmerge_destination', { fingerprints: ['a', 'b'] })).toBe(
    'You migrated 2 fingerprints from a group',
  );
  expect(say('note', { text: 'hi' })).toBe('You left a comment');
});
