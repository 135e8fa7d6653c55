import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  analyzeIssueSearch,
  IssueSearchError,
  parseIssueSearch,
  setFilter,
  spanText,
  toggleTagFilter,
  tryParseIssueSearch,
} from '../../../src-shared/issue-search/index.ts';

function errorOf(text: string): { message: string; marked: string } {
  const result = tryParseIssueSearch(text);
  if (result.ok) throw new Error(`expected ${text} to fail`);
  return { message: result.error.message, marked: spanText(text, result.error.span) };
}

describe("Sentry's issue search syntax", () => {
  it('reads status, level, tags, negation and free text', () => {
    const parsed = parseIssueSearch('is:unresolved level:error !environment:prod TypeError "not found"');
    expect(parsed.filters.map((f) => f.kind)).toEqual(['is', 'level', 'tag']);
    expect(parsed.filters[0]).toMatchObject({ values: ['unresolved'], negated: false });
    expect(parsed.filters[2]).toMatchObject({ key: 'environment', values: ['prod'], negated: true });
    expect(parsed.text.map((t) => t.text)).toEqual(['TypeError', 'not found']);
  });

  it('keeps quoted values with spaces and escaped quotes, and lists', () => {
    const parsed = parseIssueSearch('url:"/a b" message:"say \\"hi\\"" release:[1.0, "2.0 beta"]');
    expect(parsed.filters).toMatchObject([
      { kind: 'tag', key: 'url', values: ['/a b'] },
      { kind: 'tag', key: 'message', values: ['say "hi"'] },
      { kind: 'tag', key: 'release', values: ['1.0', '2.0 beta'] },
    ]);
  });

  it('reads relative and absolute dates for firstSeen and lastSeen', () => {
    const [recent, old, after, day] = parseIssueSearch(
      'firstSeen:-24h lastSeen:+7d lastSeen:>2024-01-31T12:00:00 firstSeen:2024-02-01',
    ).filters;
    expect(recent).toMatchObject({
      field: 'firstSeen',
      op: '>=',
      value: { type: 'relative', ms: -86_400_000 },
    });
    expect(old).toMatchObject({
      field: 'lastSeen',
      op: '<=',
      value: { type: 'relative', ms: -7 * 86_400_000 },
    });
    expect(after).toMatchObject({ op: '>', value: { type: 'absolute', ms: Date.UTC(2024, 0, 31, 12) } });
    expect(day).toMatchObject({ op: '=', value: { ms: Date.UTC(2024, 1, 1), durationMs: 86_400_000 } });
  });

  it('reads timesSeen comparisons, has:, issue: and explicit tags[...] keys', () => {
    const parsed = parseIssueSearch(
      'timesSeen:>10 timesSeen:<=2k has:user !has:release issue:proj-1a tags[os.name]:Linux',
    );
    expect(parsed.filters).toMatchObject([
      { kind: 'number', op: '>', value: 10 },
      { kind: 'number', op: '<=', value: 2000 },
      { kind: 'has', key: 'user', negated: false },
      { kind: 'has', key: 'release', negated: true },
      { kind: 'issue', shortIds: ['PROJ-1A'] },
      { kind: 'tag', key: 'os.name', values: ['Linux'] },
    ]);
  });

  it("reads parentheses as free text, as Sentry's issue search does without boolean operators", () => {
    expect(parseIssueSearch('(declined)').text.map((term) => term.text)).toEqual(['(declined)']);
    // Within free text a balanced group keeps its spaces, and a filter inside it is text too.
    expect(parseIssueSearch('chargeCard (card declined) level:error').text.map((term) => term.text)).toEqual([
      'chargeCard (card declined)',
    ]);
    expect(parseIssueSearch('(level:error)')).toEqual({
      filters: [],
      text: [{ text: '(level:error)', span: { start: 0, end: 13 }, unquoted: true }],
    });
    expect(parseIssueSearch('foo(") ")').text.map((term) => term.text)).toEqual(['foo(") ")']);
  });

  it('refuses OR and AND in any case, as words of their own, also inside parentheses', () => {
    expect(errorOf('declined or gone')).toMatchObject({ marked: 'or' });
    // Sentry's own message (`allow_boolean=False`), which its UI shows as it stands.
    expect(errorOf('declined And gone').message).toBe(
      'Boolean statements containing "OR" or "AND" are not supported in this search',
    );
    expect(errorOf('(a OR b)')).toMatchObject({ marked: 'OR' });
    expect(parseIssueSearch('order android or:x').text.map((term) => term.text)).toEqual(['order android']);
  });

  it('marks where an error is', () => {
    expect(errorOf('is:unresolved is:bogus')).toMatchObject({ marked: 'bogus' });
    expect(errorOf('level:loud').message).toContain('level');
    expect(errorOf('foo OR bar')).toMatchObject({ marked: 'OR' });
    expect(errorOf('a (b')).toMatchObject({ marked: '(' });
    expect(errorOf('a b)')).toMatchObject({ marked: ')' });
    expect(errorOf('(a or b)')).toMatchObject({ marked: 'or' });
    expect(errorOf('title:"unterminated')).toMatchObject({ marked: '"unterminated' });
    expect(errorOf('firstSeen:yesterday')).toMatchObject({ marked: 'yesterday' });
    expect(errorOf('timesSeen:>many')).toMatchObject({ marked: 'many' });
    expect(errorOf('release:')).toMatchObject({ marked: 'release:' });
    expect(errorOf('release:>1.0').message).toContain('>');
    expect(errorOf('issue:nope')).toMatchObject({ marked: 'nope' });
  });

  it('reports every wrong term at once, each at its place, and reads the good terms between them', () => {
    const text = 'is:bogus level:loud TypeError a OR b release:[1.0 2.0] firstSeen:soon x) environment:prod';
    const result = tryParseIssueSearch(text);
    if (result.ok) throw new Error('expected errors');
    expect(result.errors.map((error) => spanText(text, error.span))).toEqual([
      'bogus',
      'loud',
      'OR',
      '2',
      'soon',
      ')',
    ]);
    expect(result.error).toBe(result.errors[0]);
    // The terms after a broken list, quote or parenthesis are still read.
    expect(analyzeIssueSearch(text).search.filters.map((f) => f.kind)).toEqual(['tag']);
    expect(analyzeIssueSearch(text).search.text.map((t) => t.text)).toEqual(['TypeError a', 'b']);
    // The server's error (first) is unchanged.
    expect(() => parseIssueSearch(text)).toThrow("Invalid status 'bogus'");
  });

  it('never reports an error outside the text, and every error set is in text order', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'is:level!"[], -+>=<()abcOR1hTZ\\'.split('')) }),
        (text) => {
          const { errors } = analyzeIssueSearch(text);
          for (const error of errors) {
            expect(error.span.start).toBeGreaterThanOrEqual(0);
            expect(error.span.end).toBeLessThanOrEqual(text.length);
          }
          const starts = errors.map((error) => error.span.start);
          expect(starts).toEqual([...starts].sort((a, b) => a - b));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never throws anything but a positioned IssueSearchError, whose span lies inside the text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'is:level!"[], -+>=<()abcOR1hTZ\\'.split('')) }),
        (text) => {
          try {
            parseIssueSearch(text);
          } catch (error) {
            expect(error).toBeInstanceOf(IssueSearchError);
            const { span } = error as IssueSearchError;
            expect(span.start).toBeGreaterThanOrEqual(0);
            expect(span.end).toBeLessThanOrEqual(text.length);
            expect(span.end).toBeGreaterThanOrEqual(span.start);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('replaces a filter without touching the rest, quoting values that need it', () => {
    expect(setFilter('is:unresolved TypeError', 'is', 'resolved')).toBe('TypeError is:resolved');
    expect(setFilter('is:unresolved', 'is', null)).toBe('');
    expect(setFilter('', 'browser', 'Chrome 120')).toBe('browser:"Chrome 120"');
    expect(toggleTagFilter('is:unresolved', 'os', 'Linux')).toBe('is:unresolved os:Linux');
    expect(toggleTagFilter('is:unresolved os:Linux', 'os', 'Linux')).toBe('is:unresolved');
    // A status tab on a search with a mistake replaces the status and leaves the mistake to fix.
    expect(setFilter('is:unresolved level:loud', 'is', 'resolved')).toBe('level:loud is:resolved');
    const edited = setFilter('level:error', 'release', 'a "b"');
    expect(parseIssueSearch(edited).filters[1]).toMatchObject({ key: 'release', values: ['a "b"'] });
  });
});
