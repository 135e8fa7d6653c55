import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  analyzeSearchTree,
  IssueSearchError,
  parseEventSearch,
  parseSearchTree,
  type SearchTree,
  spanText,
} from '../../../src-shared/issue-search/index.ts';
import type { RawTerm } from '../../../src-shared/issue-search/tokenize.ts';

/** The tree in a short written form: `or(a:b, and(c:d, "free text"))`. */
function shown(tree: SearchTree<RawTerm> | null): string {
  if (!tree) return '';
  if (tree.kind !== 'term') return `${tree.kind}(${tree.children.map(shown).join(', ')})`;
  const { term } = tree;
  if (term.kind === 'text') return JSON.stringify(term.text);
  const values = term.values.map((v) => v.text).join('|');
  return `${term.negated ? '!' : ''}${term.key}:${term.op ?? ''}${values}`;
}

const tree = (text: string) => shown(parseSearchTree(text));

function failure(text: string): { message: string; marked: string } {
  try {
    parseSearchTree(text);
  } catch (error) {
    if (!(error instanceof IssueSearchError)) throw error;
    return { message: error.message, marked: spanText(text, error.span) };
  }
  throw new Error(`expected ${text} to fail`);
}

describe("Sentry's boolean event search (AND, OR, parentheses)", () => {
  it('joins terms side by side and with AND alike, and OR as an alternative', () => {
    expect(tree('browser:firefox os:linux')).toBe('and(browser:firefox, os:linux)');
    expect(tree('browser:firefox AND os:linux')).toBe('and(browser:firefox, os:linux)');
    expect(tree('browser:firefox OR os:linux')).toBe('or(browser:firefox, os:linux)');
    expect(tree('level:error')).toBe('level:error');
    expect(tree('   ')).toBe('');
  });

  it('binds AND tighter than OR, whether written or implied', () => {
    expect(tree('a:1 OR b:2 c:3')).toBe('or(a:1, and(b:2, c:3))');
    expect(tree('a:1 b:2 OR c:3')).toBe('or(and(a:1, b:2), c:3)');
    expect(tree('a:1 AND b:2 OR c:3 AND d:4')).toBe('or(and(a:1, b:2), and(c:3, d:4))');
    expect(tree('a:1 OR b:2 OR c:3')).toBe('or(a:1, b:2, c:3)');
  });

  it('groups with parentheses, nested as deep as written, values ending at a parenthesis', () => {
    expect(tree('(a:1 OR b:2) c:3')).toBe('and(or(a:1, b:2), c:3)');
    expect(tree('c:3 (a:1 OR b:2)')).toBe('and(c:3, or(a:1, b:2))');
    expect(tree('a:1 OR (b:2 AND (c:3 OR d:4))')).toBe('or(a:1, and(b:2, or(c:3, d:4)))');
    expect(tree('((a:1))')).toBe('a:1');
    expect(tree('(a:"x y" OR b:[1, 2])')).toBe('or(a:x y, b:1|2)');
  });

  it('keeps negation on the term it is written on, inside parentheses too', () => {
    expect(tree('(!a:1 OR b:2) !c:3')).toBe('and(or(!a:1, b:2), !c:3)');
    expect(tree('!has:user OR level:>=3')).toBe('or(!has:user, level:>=3)');
  });

  it('reads operators in any case, but only as words of their own; a quoted OR is free text', () => {
    expect(tree('a:1 or b:2')).toBe('or(a:1, b:2)');
    expect(tree('a:1 aNd b:2')).toBe('and(a:1, b:2)');
    expect(tree('"OR" a:1')).toBe('and("OR", a:1)');
    expect(tree('order android')).toBe('"order android"');
    expect(tree('or:x')).toBe('or:x');
  });

  it('reads consecutive words as one free-text phrase, an operator ending it', () => {
    expect(tree('card declined OR timeout')).toBe('or("card declined", "timeout")');
    expect(tree('card declined timeout')).toBe('"card declined timeout"');
    expect(tree('card AND declined')).toBe('and("card", "declined")');
    expect(tree('"card declined" timeout')).toBe('and("card declined", "timeout")');
  });

  it('takes parentheses of plain words within free text as text, and () as text', () => {
    expect(tree('charge(card)')).toBe('"charge(card)"');
    expect(tree('failed (retrying now)')).toBe('"failed (retrying now)"');
    expect(tree('()')).toBe('"()"');
    expect(tree('failed (a OR b)')).toBe('and("failed", or("a", "b"))');
  });

  it("refuses a misplaced operator with Sentry's messages", () => {
    expect(failure('OR a:b')).toEqual({
      message: "Condition is missing on the left side of 'OR' operator",
      marked: 'OR',
    });
    expect(failure('a:b Or And c:d')).toEqual({
      message: "Missing condition in between two condition operators: 'OR AND'",
      marked: 'Or And',
    });
    expect(failure('a:b AND c:d AND')).toEqual({
      message: "Condition is missing on the right side of 'AND' operator",
      marked: 'AND',
    });
    expect(failure('(OR a:b) AND c:d').message).toBe(
      "Condition is missing on the left side of 'OR' operator",
    );
    expect(failure('a:b (c:d or)').message).toBe("Condition is missing on the right side of 'OR' operator");
  });

  it("refuses unmatched or empty parentheses with Sentry's parse error, at the column it stops", () => {
    expect(failure('(a:b OR c:d')).toEqual({
      message:
        "Parse error at '(a:b O' (column 1). This is commonly caused by unmatched parentheses. Enclose any text in double quotes.",
      marked: '(',
    });
    expect(failure('a:b OR c:d)')).toMatchObject({ marked: ')' });
    expect(failure('a:b OR c:d)').message).toContain('(column 11)');
    expect(failure('x (y (z)')).toMatchObject({ marked: '(' });
    expect(failure('x (y (z)').message).toContain('(column 3)');
    expect(failure('a:1 ( )').message).toContain('unmatched parentheses');
  });

  it('reports every scanning mistake at once, in text order', () => {
    const { tree: none, errors } = analyzeSearchTree('a:"open OR (b');
    expect(none).toBeNull();
    expect(errors.map((e) => e.message)).toEqual(['Missing closing quote']);
    const two = analyzeSearchTree('x) OR y)');
    expect(two.errors.map((e) => e.span.start)).toEqual([1, 7]);
  });

  it('resolves the terms as the issue search does: filters and free text, wrong values at their place', () => {
    const events = parseEventSearch('level:error OR "card declined"');
    expect(events?.kind).toBe('or');
    const kinds = events?.kind === 'or' ? events.children.map((c) => c.kind === 'term' && c.term.kind) : [];
    expect(kinds).toEqual(['filter', 'text']);
    expect(() => parseEventSearch('a:1 OR level:loud')).toThrow(/Invalid level 'loud'/);
  });

  it('never throws anything but a positioned IssueSearchError, whose span lies inside the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ab:!"[], ()ORANDor1'.split('')) }), (text) => {
        const { errors } = analyzeSearchTree(text);
        for (const error of errors) {
          expect(error).toBeInstanceOf(IssueSearchError);
          expect(error.span.start).toBeGreaterThanOrEqual(0);
          expect(error.span.end).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 500 },
    );
  });
});
