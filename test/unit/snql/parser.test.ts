import { describe, expect, it } from 'vitest';
import type { Expression, FunctionCall, Query } from '../../../src-shared/snql/ast.ts';
import { SnqlError } from '../../../src-shared/snql/errors.ts';
import { parseSnql } from '../../../src-shared/snql/parse.ts';

const RANGE =
  "project_id = 1 AND timestamp >= toDateTime('2024-01-01') AND timestamp < toDateTime('2024-01-02')";

function parseError(text: string): SnqlError {
  try {
    parseSnql(text);
  } catch (e) {
    if (e instanceof SnqlError) return e;
    throw e;
  }
  throw new Error(`expected a parse error for: ${text}`);
}

function whereOf(text: string): Expression {
  const q = parseSnql(text);
  if (q.where === null) throw new Error('no WHERE');
  return q.where;
}

function stringValue(e: Expression | undefined): string {
  if (e?.kind !== 'literal' || e.literal.type !== 'string') throw new Error('not a string literal');
  return e.literal.value;
}

describe('parseSnql: structure', () => {
  it('reads every clause in order and prepends nothing yet (BY stays separate)', () => {
    const q = parseSnql(
      `MATCH (events SAMPLE 0.5) SELECT count() AS c BY tags[env] AS env ARRAY JOIN exception_stacks.type WHERE ${RANGE} HAVING c > 1 ORDER BY c DESC LIMIT 5 BY env LIMIT 10 OFFSET 2 GRANULARITY 60 TOTALS true`,
    );
    expect(q.from).toMatchObject({ kind: 'entity', entity: 'events', sample: 0.5 });
    expect(q.select.map((s) => s.name)).toEqual(['c']);
    expect(q.groupBy.map((s) => s.name)).toEqual(['env']);
    expect(q.groupBy[0]?.expression).toMatchObject({
      kind: 'subscript',
      key: 'env',
      column: { name: 'tags' },
    });
    expect(q.arrayJoin).toHaveLength(1);
    expect(q.orderBy[0]?.direction).toBe('DESC');
    expect(q.limitBy).toMatchObject({ limit: 5, columns: [{ name: 'env' }] });
    expect([q.limit?.value, q.offset?.value, q.granularity?.value, q.totals]).toEqual([10, 2, 60, true]);
  });

  it('names unaliased select items after their stripped source text', () => {
    const q = parseSnql('MATCH (events) SELECT 4-5,  divide(uniq(tags[url]) AS a+*, 1) , title BY group_id');
    expect(q.select.map((s) => s.name)).toEqual(['4-5', 'divide(uniq(tags[url]) AS a+*, 1)', 'title']);
  });

  it('turns operators into Snuba function calls, AND binding tighter than OR', () => {
    const where = whereOf(
      "MATCH (events) SELECT a WHERE a = 1 OR b != 'x' AND c IS NOT NULL AND d NOT IN tuple(1, 2)",
    );
    expect(where).toMatchObject({ kind: 'function', name: 'or', syntax: 'operator' });
    const [left, right] = (where as FunctionCall).args;
    expect(left).toMatchObject({ name: 'equals' });
    expect(right).toMatchObject({ name: 'and' });
    expect((right as FunctionCall).args.map((a) => (a as FunctionCall).name)).toEqual([
      'notEquals',
      'isNotNull',
      'notIn',
    ]);
  });

  it('keeps arithmetic left-associative with * and / above + and -', () => {
    const q = parseSnql('MATCH (events) SELECT 1 - 2 - 3 * 4 / 5');
    const e = q.select[0]?.expression as FunctionCall;
    expect(e.name).toBe('minus');
    expect((e.args[0] as FunctionCall).name).toBe('minus');
    expect((e.args[1] as FunctionCall).name).toBe('divide');
  });

  it('parses curried functions, lambdas and join aliases', () => {
    const q = parseSnql(
      'MATCH (e: events) -[grouped]-> (g: groupedmessage) SELECT quantile(0.95)(e.offset), arrayMap((`x`, `y`) -> tuple(`x`, `y`), e.sdk_integrations, e.sdk_integrations), e.tags[k8s-app]',
    );
    expect(q.from).toMatchObject({
      kind: 'join',
      relationships: [{ relationship: 'grouped', lhs: { alias: 'e' }, rhs: { alias: 'g' } }],
    });
    expect(q.select[0]?.expression).toMatchObject({
      kind: 'curried',
      name: 'quantile',
      initArgs: [{ kind: 'literal' }],
    });
    expect(q.select[1]?.expression).toMatchObject({
      kind: 'function',
      args: [{ kind: 'lambda', params: ['x', 'y'] }, {}, {}],
    });
    expect(q.select[2]?.expression).toMatchObject({
      kind: 'subscript',
      column: { name: 'e.tags' },
      key: 'k8s-app',
    });
  });

  it('keeps integers exact beyond 2^53', () => {
    const where = whereOf('MATCH (discover) SELECT a WHERE group_ids = 17913370561998816659') as FunctionCall;
    expect(where.args[1]).toMatchObject({ literal: { type: 'int', value: 17913370561998816659n } });
  });

  it('parses subqueries', () => {
    const q: Query = parseSnql(
      `MATCH { MATCH (events) SELECT count() AS c BY title WHERE ${RANGE} } SELECT max(c) AS m`,
    );
    expect(q.from.kind).toBe('subquery');
  });
});

describe('parseSnql: string escapes', () => {
  it('decodes escapes the way Snuba re-templates string bodies', () => {
    const where = whereOf(
      String.raw`MATCH (events) SELECT a WHERE a = 'it\'s \\ \n \t \" x' AND b = 'g\1h'`,
    ) as FunctionCall;
    expect(stringValue((where.args[0] as FunctionCall).args[1])).toBe('it\'s \\ \n \t \\" x');
    expect(stringValue((where.args[1] as FunctionCall).args[1])).toBe('gh');
  });

  it('rejects an unknown letter escape as ParsingException "bad escape"', () => {
    const error = parseError(String.raw`MATCH (events) SELECT a WHERE a = 'x\d'`);
    expect(error.errorClass).toBe('ParsingException');
    expect(error.message).toBe(String.raw`bad escape \d at position 1`);
    expect(error.span?.column).toBe(35);
  });

  it("does not treat SQL quote doubling ('') as an escape", () => {
    expect(parseError("MATCH (events) SELECT a WHERE a = 'it''s'").errorClass).toBe('ParsingException');
  });
});

describe('parseSnql: errors worded and placed like Snuba', () => {
  it('reports leftover text with line and the 3+10 characters around where the valid prefix ended', () => {
    const error = parseError('MATCH (events)\nSELECT a\nWHERE a = 1 GROUP BY a');
    expect(error.errorClass).toBe('ParsingException');
    expect(error.type).toBe('invalid_query');
    expect(error.message).toBe("Parsing error on line 3 at '1 GROUP BY a'");
    expect(error.span).toMatchObject({ line: 3, column: 13 });
  });

  it('reports a failed rule with its name, the next 20 characters, line and column', () => {
    const error = parseError('MATCH\n  events SELECT count()');
    expect(error.message).toBe(
      "Rule 'storage_single' didn't match at 'events SELECT count(' (line 2, column 3).",
    );
    expect(error.span).toMatchObject({ offset: 8, line: 2, column: 3 });
  });

  it.each([
    ['lower-case keywords', 'match (events) select a'],
    ['ORDER BY without a direction', 'MATCH (events) SELECT a ORDER BY a'],
    ['IN with a parenthesised list', 'MATCH (events) SELECT a WHERE a IN (1, 2)'],
    ['a trailing comma', 'MATCH (events) SELECT a, b,'],
    ['space before a function parenthesis', 'MATCH (events) SELECT count ()'],
    ['a lambda as the last argument', 'MATCH (events) SELECT arrayMap(a, (`x`) -> f(`x`))'],
    ['an exponent without a sign', 'MATCH (events) SELECT 1e10'],
    ['TOTALS 1', 'MATCH (events) SELECT a TOTALS 1'],
    ['a bare boolean condition', "MATCH (events) SELECT a WHERE has(tags.key, 'x')"],
  ])('rejects %s', (_why, text) => {
    expect(parseError(text).errorClass).toBe('ParsingException');
  });

  it('needs whitespace before AND but not after it', () => {
    expect(() => parseSnql('MATCH (events) SELECT a WHERE a = 1 ANDb = 2')).not.toThrow();
    expect(parseError('MATCH (events) SELECT a WHERE a = 1AND b = 2').message).toMatch(
      /^Parsing error on line 1/,
    );
  });

  it('rejects an entity name Snuba does not know', () => {
    const error = parseError('MATCH (nope) SELECT a');
    expect(error.message).toBe('nope is not a valid entity name');
    expect(error.span).toMatchObject({ offset: 7, end: 11 });
  });
});

describe('parseSnql: positions', () => {
  it('gives every node its offset, line and column', () => {
    const text = "MATCH (events)\nSELECT count() AS c,\n  title\nWHERE  level = 'error'";
    const q = parseSnql(text);
    const title = q.select[1]?.expression;
    expect(title?.span).toEqual({
      offset: text.indexOf('title'),
      end: text.indexOf('title') + 5,
      line: 3,
      column: 3,
    });
    const where = q.where as FunctionCall;
    expect(where.span).toMatchObject({ line: 4, column: 8 });
    expect(text.slice(where.span.offset, where.span.end)).toBe("level = 'error'");
    expect(q.from.span).toMatchObject({ line: 1, column: 8 });
  });
});

describe('parseSnql: performance', () => {
  it("parses Snuba's 500 OR-ed condition pairs quickly (no exponential backtracking)", () => {
    const pair = '(group_id=268128807 AND group_id=268128807)';
    const text = `MATCH (events) SELECT group_id WHERE (${Array.from({ length: 500 }, () => pair).join(' OR ')}) AND ${RANGE}`;
    const started = performance.now();
    const q = parseSnql(text);
    const elapsed = performance.now() - started;
    const or = (q.where as FunctionCall).args[0] as FunctionCall;
    expect(or.name).toBe('or');
    expect(or.args).toHaveLength(500);
    expect(elapsed).toBeLessThan(2000);
  });

  it('stays linear on deeply nested parentheses', () => {
    const depth = 200;
    const text = `MATCH (events) SELECT a WHERE ${'('.repeat(depth)}a = 1${')'.repeat(depth)}`;
    const started = performance.now();
    expect(() => parseSnql(text)).not.toThrow();
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
