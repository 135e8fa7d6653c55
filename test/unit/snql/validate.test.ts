import { describe, expect, it } from 'vitest';
import type { FunctionCall } from '../../../src-shared/snql/ast.ts';
import { SnqlError } from '../../../src-shared/snql/errors.ts';
import { parseAndValidate } from '../../../src-shared/snql/validate.ts';
import type { ValidatedQuery, ValidationOptions } from '../../../src-shared/snql/validatedQuery.ts';

const RANGE =
  "timestamp >= toDateTime('2024-01-01T00:00:00') AND timestamp < toDateTime('2024-01-02T00:00:00')";
const EVENTS = (rest: string): string =>
  `MATCH (events) ${rest.replace('$RANGE', `project_id = 1 AND ${RANGE}`)}`;

function rejection(text: string, options: ValidationOptions = {}): SnqlError {
  try {
    parseAndValidate(text, options);
  } catch (e) {
    if (e instanceof SnqlError) return e;
    throw e;
  }
  throw new Error(`expected a rejection for: ${text}`);
}

describe('validateQuery: time range and limits', () => {
  it('requires >= and < datetime bounds on timestamp at the top level', () => {
    const missingLow = rejection(
      "MATCH (events) SELECT title WHERE project_id = 1 AND timestamp > toDateTime('2024-01-01')",
    );
    expect(missingLow.errorClass).toBe('ParsingException');
    expect(missingLow.message).toBe(
      "Missing >= condition with a datetime literal on column timestamp for entity events. Example: timestamp >= toDateTime('2023-05-16 00:00')",
    );
    const missingHigh = rejection(
      "MATCH (events) SELECT title WHERE project_id = 1 AND timestamp >= toDateTime('2024-01-01') AND (timestamp < toDateTime('2024-01-02') OR project_id = 2)",
    );
    expect(missingHigh.message).toMatch(/^Missing < condition with a datetime literal on column timestamp/);
  });

  it('uses the narrowest range and drops time zones', () => {
    const q = parseAndValidate(
      EVENTS(
        "SELECT title WHERE project_id = 1 AND timestamp >= toDateTime('2024-01-01T00:00:00') AND timestamp >= toDateTime('2024-01-01T05:00:00+02:00') AND timestamp < toDateTime('2024-01-03') AND timestamp < toDateTime('2024-01-02 12:00:00.123')",
      ),
    );
    expect(q.timeRanges).toEqual([
      {
        entityAlias: null,
        entity: 'events',
        column: 'timestamp',
        from: '2024-01-01T05:00:00',
        to: '2024-01-02T12:00:00',
      },
    ]);
  });

  it('reads datetime literals in the written forms dateutil reads, not only ISO 8601', () => {
    const from = (text: string): string | undefined =>
      parseAndValidate(
        EVENTS(
          `SELECT title WHERE project_id = 1 AND timestamp >= toDateTime('${text}') AND timestamp < toDateTime('2027-01-01')`,
        ),
      ).timeRanges[0]?.from;
    const forms = [
      'Nov 23 2026 19:00',
      '2026/11/23 19:00:00',
      '20261123T190000',
      '2026-11-23T19',
      '23.11.2026 19:00',
      '11/23/2026 7:00 PM',
      'Mon, 23 Nov 2026 19:00:00 GMT',
      'November 23, 2026 19:00',
    ];
    for (const text of forms) expect(from(text), text).toBe('2026-11-23T19:00:00');
    expect(
      rejection(EVENTS("SELECT title WHERE timestamp >= toDateTime('Nov 31 2026') AND $RANGE")).message,
    ).toBe("invalid datetime literal 'Nov 31 2026'");
  });

  it('keeps years below 100 as written (not 1900 + year)', () => {
    const q = parseAndValidate(
      EVENTS(
        "SELECT title WHERE project_id = 1 AND timestamp >= toDateTime('0050-01-01T00:00:00') AND timestamp < toDateTime('0099-12-31')",
      ),
    );
    expect([q.timeRanges[0]?.from, q.timeRanges[0]?.to]).toEqual([
      '0050-01-01T00:00:00',
      '0099-12-31T00:00:00',
    ]);
  });

  it('refuses a GRANULARITY of 0 or less at the granularity', () => {
    for (const g of ['0', '-60']) {
      const text = EVENTS(`SELECT count() AS c BY time WHERE $RANGE GRANULARITY ${g}`);
      const e = rejection(text);
      expect([e.errorClass, e.code]).toEqual(['InvalidGranularityException', 'invalid_granularity']);
      expect(e.message).toBe(`granularity must be a positive number of seconds, not ${g}`);
      expect(text.slice(e.span?.offset, e.span?.end).trim()).toBe(g);
    }
  });

  it('rejects an inverted range', () => {
    const e = rejection(
      "MATCH (events) SELECT a WHERE project_id = 1 AND timestamp >= toDateTime('2024-01-02') AND timestamp < toDateTime('2024-01-01')",
    );
    expect(e.message).toBe('invalid time conditions on entity events');
  });

  it('applies LIMIT 1000 / OFFSET 0 by default and refuses a limit above 10000', () => {
    const q = parseAndValidate(EVENTS('SELECT title WHERE $RANGE'));
    expect([q.limit, q.offset]).toEqual([1000, 0]);
    const e = rejection(EVENTS('SELECT title WHERE $RANGE LIMIT 10001'));
    expect([e.errorClass, e.message]).toEqual([
      'ParsingException',
      'queries cannot have a limit higher than 10000',
    ]);
  });
});

describe('validateQuery: aliases and lambdas', () => {
  it('expands alias references inline and puts BY items first', () => {
    const q: ValidatedQuery = parseAndValidate(
      EVENTS('SELECT count() AS c, divide(c, 2) AS half BY level WHERE $RANGE ORDER BY half DESC'),
    );
    expect(q.selected.map((s) => s.name)).toEqual(['level', 'c', 'half']);
    expect(q.orderBy[0]?.expression).toMatchObject({
      name: 'divide',
      args: [{ name: 'count', alias: 'c' }, {}],
    });
  });

  it('expands an alias in LIMIT BY, an aggregate’s too, as Snuba expands every clause', () => {
    const q = parseAndValidate(
      EVENTS('SELECT count() AS c BY level WHERE $RANGE ORDER BY c DESC LIMIT 1 BY c'),
    );
    expect(q.limitBy?.columns).toMatchObject([{ kind: 'function', name: 'count', alias: 'c' }]);
  });

  it('treats a column inside its own alias as the column (f(x) AS x)', () => {
    const q = parseAndValidate(EVENTS('SELECT max(offset) AS offset WHERE $RANGE'));
    expect(q.selected[0]?.expression).toMatchObject({
      name: 'max',
      args: [{ kind: 'column', name: 'offset' }],
    });
  });

  it('rejects one alias for two different expressions', () => {
    const e = rejection(EVENTS('SELECT count() AS x, uniq(title) AS x WHERE $RANGE'));
    expect([e.errorClass, e.message]).toEqual([
      'AliasShadowingException',
      'Shadowing aliases detected for alias: x',
    ]);
  });

  it('rejects cyclic aliases', () => {
    expect(rejection(EVENTS('SELECT plus(b, 1) AS a, plus(a, 1) AS b WHERE $RANGE')).errorClass).toBe(
      'CyclicAliasException',
    );
  });

  it('rejects lambda identifiers that nothing binds', () => {
    const e = rejection(
      EVENTS('SELECT arrayMap((`x`) -> plus(`x`, `y`), sdk_integrations) AS s WHERE $RANGE'),
    );
    expect([e.errorClass, e.message]).toEqual([
      'InvalidExpressionException',
      'identifier(s) `y` not defined',
    ]);
  });
});

describe('validateQuery: entity validators', () => {
  it('requires a top-level project_id condition', () => {
    const e = rejection(`MATCH (events) SELECT title WHERE ${RANGE} AND (project_id = 1 OR platform = 'x')`);
    expect([e.errorClass, e.message]).toEqual([
      'ValidationException',
      'Validation failed for entity events: missing required conditions for project_id',
    ]);
  });

  it('lists unknown columns and accepts mapped ones', () => {
    const e = rejection(
      EVENTS('SELECT platfo, nope, transaction, ip_address, geo_city, tags_key WHERE $RANGE'),
    );
    expect(e.message).toBe('Validation failed for entity events: Tag keys (platfo, nope) not resolved');
  });

  it('points at the first unknown column in SELECT, BY, ORDER BY and subscripts', () => {
    const cases: Array<[rest: string, unknown: string, first: string]> = [
      ['SELECT platfo, nope WHERE $RANGE', 'platfo, nope', 'platfo'],
      ['SELECT count() AS c BY levle WHERE $RANGE', 'levle', 'levle'],
      ['SELECT title WHERE $RANGE ORDER BY nope ASC', 'nope', 'nope'],
      ["SELECT title WHERE $RANGE AND bogus[x] = 'a'", 'bogus', 'bogus'],
    ];
    for (const [rest, unknown, first] of cases) {
      const text = EVENTS(rest);
      const e = rejection(text);
      expect(e.code).toBe('unknown_column');
      expect(e.message).toBe(`Validation failed for entity events: Tag keys (${unknown}) not resolved`);
      expect(e.toPayload().span).toBeDefined();
      expect(text.slice(e.span?.offset, e.span?.end)).toBe(first);
    }
  });

  it('requires strings in tag conditions', () => {
    expect(rejection(EVENTS('SELECT a WHERE $RANGE AND tags[count] = 419')).message).toBe(
      "Validation failed for entity events: invalid tag condition on 'tags[count]': 419 must be a string",
    );
    expect(rejection(EVENTS("SELECT a WHERE $RANGE AND tags[count] IN array('1', 2)")).message).toMatch(
      /array literal 2 must be a string$/,
    );
  });

  it('requires datetimes in DateTime conditions', () => {
    expect(rejection(EVENTS("SELECT title WHERE $RANGE AND received > 'yesterday'")).message).toBe(
      "Validation failed for entity events: received requires datetime conditions: 'yesterday' is not a valid datetime",
    );
  });

  it('refuses aggregates in WHERE', () => {
    expect(
      rejection(EVENTS("SELECT title WHERE $RANGE AND countIf(equals(level, 'error')) > 1")).message,
    ).toBe('Validation failed for entity events: Aggregate function found in WHERE clause of query');
  });

  it('always enforces the function allow-list', () => {
    const e = rejection(EVENTS('SELECT cout() AS c WHERE $RANGE'));
    expect([e.errorClass, e.message]).toEqual(['InvalidExpressionException', 'Invalid function name: cout']);
    expect(() =>
      parseAndValidate(
        EVENTS("SELECT uniqIf(user, equals(level, 'error')), quantile(0.5)(offset) WHERE $RANGE"),
      ),
    ).not.toThrow();
  });

  it('checks argument types of like and toStartOf*', () => {
    expect(rejection(EVENTS("SELECT title WHERE $RANGE AND project_id LIKE '1%'")).message).toMatch(
      /^Illegal call to function like: /,
    );
  });

  it('rewrites conditions on array columns that are not array-joined', () => {
    const q = parseAndValidate(EVENTS("SELECT title WHERE $RANGE AND exception_stacks.type = 'ValueError'"));
    const conditions = (q.where as FunctionCall).args;
    expect(conditions[conditions.length - 1]).toMatchObject({
      name: 'arrayExists',
      args: [
        { kind: 'lambda', params: ['x'], body: { name: 'assumeNotNull' } },
        { name: 'exception_stacks.type' },
      ],
    });
  });
});

describe('validateQuery: entities, joins and subqueries', () => {
  it('binds discover queries to the errors storage and keeps the written key in messages', () => {
    const q = parseAndValidate(
      `MATCH (discover) SELECT count() WHERE project_id IN tuple(1, 2) AND ${RANGE} AND group_ids = 5`,
    );
    expect(q.source).toMatchObject({
      kind: 'entity',
      entity: { key: 'discover', schema: { storage: 'errors' } },
    });
  });

  it('refuses Snuba entities Faultline does not carry, with the reason', () => {
    const e = rejection(`MATCH (transactions) SELECT count() WHERE project_id = 1 AND ${RANGE}`);
    expect(e.code).toBe('entity_not_available');
    expect(e.message).toMatch(/^entity transactions is not available in Faultline/);
  });

  it('validates joins: relationships, qualified columns, per-entity time ranges', () => {
    const join = 'MATCH (e: events) -[grouped]-> (g: groupedmessage)';
    const range = `e.project_id = 1 AND e.timestamp >= toDateTime('2024-01-01') AND e.timestamp < toDateTime('2024-01-02')`;
    const q = parseAndValidate(`${join} SELECT e.title, g.status WHERE ${range}`);
    expect(q.source).toMatchObject({
      kind: 'join',
      joins: [{ lhs: 'e', rhs: 'g', definition: { rhsEntity: 'groupedmessage' } }],
    });
    expect(q.selected[0]?.expression).toMatchObject({ kind: 'column', entityAlias: 'e', name: 'title' });
    expect(rejection(`${join} SELECT title WHERE ${range}`).message).toBe(
      'column title must be qualified in a join query',
    );
    expect(
      rejection(`MATCH (e: events) -[bookmark]-> (g: groupedmessage) SELECT e.title WHERE ${range}`).message,
    ).toBe('events does not have a join relationship -[bookmark]->');
  });

  it('needs the time range in the inner query of a subquery, and defaults LIMIT on the outer one only', () => {
    const q = parseAndValidate(
      `MATCH { MATCH (events) SELECT count() AS c BY title WHERE project_id = 1 AND ${RANGE} } SELECT max(c) AS m`,
    );
    expect(q.limit).toBe(1000);
    expect(q.source.kind === 'subquery' && q.source.query.limit).toBeNull();
  });

  it('validates subscription queries without project_id or time range, but with their own rules', () => {
    expect(() =>
      parseAndValidate("MATCH (events) SELECT count() WHERE platform IN tuple('a')", { subscription: true }),
    ).not.toThrow();
    expect(
      rejection('MATCH (events) SELECT count() AS c BY project_id HAVING c > 1', { subscription: true })
        .message,
    ).toBe('invalid clause having in subscription query');
  });
});
