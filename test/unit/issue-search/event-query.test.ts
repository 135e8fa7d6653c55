import { describe, expect, it } from 'vitest';
import { eventSearchFromIssueSearch } from '../../../src-shared/issue-search/event-query.ts';
import { parseEventSearch } from '../../../src-shared/issue-search/index.ts';

describe('the event search an issue opens with from a search of issues', () => {
  // The cases of Sentry's own tests of `useEventQuery` / `getEventSearchFromIssueQuery`.
  it('keeps nothing of a search made only of issue filters', () => {
    expect(eventSearchFromIssueSearch('is:resolved assigned:[me,#issues] issue.priority:high')).toBe('');
  });

  it('keeps the event filters of a search that mixes both, as written', () => {
    const events = 'user.email:leander@s.io device.family:[iphone,pixel]';
    expect(eventSearchFromIssueSearch(`is:resolved assigned:[me,#issues] ${events}`)).toBe(events);
    expect(eventSearchFromIssueSearch(events)).toBe(events);
  });

  it('drops the status and keeps the level', () => {
    expect(eventSearchFromIssueSearch('is:unresolved level:error')).toBe('level:error');
  });

  it('drops has: of an issue key or the environment and keeps has: of an event field', () => {
    expect(
      eventSearchFromIssueSearch('has:environment has:user.email !has:transaction.status !has:user.id'),
    ).toBe('has:user.email !has:user.id');
  });

  it('drops free text, quoted or not, as Sentry does', () => {
    expect(eventSearchFromIssueSearch('timeout level:warning "card declined" retrying')).toBe(
      'level:warning',
    );
  });

  it("drops every issue key of Sentry's list, negated or not, and the environment filter", () => {
    const issueKeys = [
      'age:-24h',
      'assigned_or_suggested:me',
      '!assigned:me',
      'bookmarks:me',
      'firstRelease:1.0',
      'firstSeen:-7d',
      'lastSeen:+1h',
      'issue.category:error',
      'issue.type:error',
      'issue:PROJ-1',
      'timesSeen:>10',
      'release.stage:adopted',
      'environment:production',
      'transaction.op:http.server',
      'transaction.status:ok',
    ];
    expect(eventSearchFromIssueSearch([...issueKeys, 'release:2.0'].join(' '))).toBe('release:2.0');
  });

  it("drops the issue search's other spellings of issue filters, which an issue's events cannot answer", () => {
    expect(
      eventSearchFromIssueSearch(
        'status:resolved first_seen:-1d times_seen:>3 bookmarked_by:me subscribed:me regressed_in_release:1.0 os.name:Linux',
      ),
    ).toBe('os.name:Linux');
  });

  it("keeps date: (the events' time), tags with spaces and explicit tags as written", () => {
    expect(
      eventSearchFromIssueSearch('is:unresolved date:-1h url:"https://x.test/a b" tags[is]:yes !level:info'),
    ).toBe('date:-1h url:"https://x.test/a b" tags[is]:yes !level:info');
  });

  it('gives a search the issue page reads without an error', () => {
    const derived = eventSearchFromIssueSearch(
      'is:unresolved is:for_review assigned_or_suggested:[me, my_teams, none] level:error browser.name:Chrome',
    );
    expect(derived).toBe('level:error browser.name:Chrome');
    expect(parseEventSearch(derived)).not.toBeNull();
  });

  it('is empty for an empty search', () => {
    expect(eventSearchFromIssueSearch('')).toBe('');
    expect(eventSearchFromIssueSearch('   ')).toBe('');
  });
});
