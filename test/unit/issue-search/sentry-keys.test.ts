import { describe, expect, it } from 'vitest';
import {
  analyzeIssueSearch,
  parseIssueSearch,
  spanText,
  tryParseIssueSearch,
} from '../../../src-shared/issue-search/index.ts';

describe("the names of Sentry's issue keys (issue_search_config.key_mappings)", () => {
  it('reads first_seen and last_seen as dates, as firstSeen, age and lastSeen', () => {
    const filters = parseIssueSearch(
      'first_seen:-24h last_seen:+7d age:>2024-01-31 lastSeen:2024-02-01',
    ).filters;
    expect(filters).toMatchObject([
      { kind: 'date', field: 'firstSeen', op: '>=' },
      { kind: 'date', field: 'lastSeen', op: '<=' },
      { kind: 'date', field: 'firstSeen', op: '>' },
      { kind: 'date', field: 'lastSeen', op: '=' },
    ]);
  });

  it('reads date, its alias event.timestamp and timestamp as bounds of the events searched, not as tags', () => {
    const filters = parseIssueSearch(
      'date:-24h event.timestamp:>2024-01-31 timestamp:<2024-02-01T12:00:00 date:2024-01-31',
    ).filters;
    expect(filters).toMatchObject([
      { kind: 'date', field: 'date', op: '>=', value: { type: 'relative', ms: -86_400_000 } },
      { kind: 'date', field: 'date', op: '>', value: { ms: Date.UTC(2024, 0, 31) } },
      { kind: 'date', field: 'date', op: '<', value: { ms: Date.UTC(2024, 1, 1, 12) } },
      { kind: 'date', field: 'date', op: '=', value: { ms: Date.UTC(2024, 0, 31), durationMs: 86_400_000 } },
    ]);
    expect(tryParseIssueSearch('date:yesterday').ok).toBe(false);
  });

  it('reads regressed_in_release as the releases that regressed the issue, negated too', () => {
    expect(
      parseIssueSearch('regressed_in_release:[1.0, latest] !regressed_in_release:2.0').filters,
    ).toMatchObject([
      { kind: 'regressedInRelease', values: ['1.0', 'latest'], negated: false },
      { kind: 'regressedInRelease', values: ['2.0'], negated: true },
    ]);
  });

  it('reads first_release and its aliases, status:, substatus:, issue.priority and the people keys', () => {
    const filters = parseIssueSearch(
      'first_release:1.0 firstRelease:[1.0, latest] !first-release:2.0 status:resolved substatus:regressed ' +
        'issue.priority:[high, medium] assigned:none !bookmarks:me subscribed:me assigned_or_suggested:#team',
    ).filters;
    expect(filters).toMatchObject([
      { kind: 'firstRelease', values: ['1.0'], negated: false },
      { kind: 'firstRelease', values: ['1.0', 'latest'] },
      { kind: 'firstRelease', values: ['2.0'], negated: true },
      { kind: 'is', values: ['resolved'] },
      { kind: 'is', values: ['regressed'] },
      { kind: 'priority', values: ['high', 'medium'] },
      { kind: 'actor', field: 'assigned', values: ['none'] },
      { kind: 'actor', field: 'bookmarked', negated: true },
      { kind: 'actor', field: 'subscribed', values: ['me'] },
      { kind: 'actor', field: 'assigned', values: ['#team'] },
    ]);
  });

  it("accepts Sentry's other is: values", () => {
    const filters = parseIssueSearch(
      'is:unassigned !is:assigned is:for_review is:[linked, unlinked]',
    ).filters;
    expect(filters).toMatchObject([
      { kind: 'is', values: ['unassigned'] },
      { kind: 'is', values: ['assigned'], negated: true },
      { kind: 'is', values: ['for_review'] },
      { kind: 'is', values: ['linked', 'unlinked'] },
    ]);
  });

  it('refuses values those keys cannot take, at their place', () => {
    for (const [text, marked] of [
      ['status:new', 'new'],
      ['substatus:resolved', 'resolved'],
      ['issue.priority:urgent', 'urgent'],
      ['first_release:>1.0', '1.0'],
    ] as const) {
      const result = tryParseIssueSearch(text);
      if (result.ok) throw new Error(`expected ${text} to fail`);
      expect(spanText(text, result.error.span)).toBe(marked);
    }
  });

  it('reads consecutive unquoted words as one phrase, as written; quotes, filters and mistakes end it', () => {
    const text = 'card  declined is:unresolved "not found" sku 12 x) gone';
    const { search } = analyzeIssueSearch(text);
    expect(search.text.map((term) => term.text)).toEqual(['card  declined', 'not found', 'sku 12', 'gone']);
    expect(search.text.map((term) => spanText(text, term.span))).toEqual([
      'card  declined',
      '"not found"',
      'sku 12',
      'gone',
    ]);
  });
});
