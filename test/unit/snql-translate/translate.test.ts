/**
 * SnQL → SQL without an engine: what reaches the SQL text (never the query's literals), Snuba's
 * mandatory conditions and column processors, GRANULARITY buckets, and the dialect seam.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SqlDialect } from '../../../src-main/core/snql/dialect.ts';
import { duckdbDialect } from '../../../src-main/core/snql/duckdb-dialect.ts';
import { translate } from '../../../src-main/core/snql/translate.ts';
import { SnqlError } from '../../../src-shared/snql/errors.ts';
import { parseAndValidate } from '../../../src-shared/snql/validate.ts';

const WHERE =
  "WHERE project_id = 1 AND timestamp >= toDateTime('2024-01-01T00:00:00') AND timestamp < toDateTime('2024-01-02T00:00:00')";
const sqlOf = (query: string, dialect: SqlDialect = duckdbDialect) =>
  translate(parseAndValidate(query), { dialect });
const quoted = (s: string) => s.replaceAll('\\', '\\\\').replaceAll("'", "\\'");

describe('parameterization', () => {
  it('binds every string literal as a parameter, whatever it contains', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }).map((s) => `ZQ§${s}`),
        (value) => {
          const t = sqlOf(
            `MATCH (events) SELECT count() AS c ${WHERE} AND message = '${quoted(value)}' AND tags[k.x-1] = '${quoted(value)}'`,
          );
          expect(t.sql.includes(value)).toBe(false);
          expect(t.params).toContainEqual({ type: 'string', value });
          expect(t.params).toContainEqual({ type: 'string', value: 'k.x-1' });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('names output columns positionally: aliases never reach the SQL', () => {
    const t = sqlOf(`MATCH (events) SELECT count() AS \`weird+*/alias\`, title AS x_y BY title ${WHERE}`);
    expect(t.sql).not.toContain('weird');
    expect(t.columns.map((c) => [c.name, c.sqlName])).toEqual([
      ['title', 'c0'],
      ['weird+*/alias', 'c1'],
      ['x_y', 'c2'],
    ]);
  });

  it('keeps integers exact, past 2^63 too', () => {
    const t = sqlOf(`MATCH (discover) SELECT count() AS c ${WHERE} AND group_ids = 17913370561998816659`);
    expect(t.params).toContainEqual({ type: 'int', value: 17913370561998816659n });
  });
});

describe("Snuba's storage rules", () => {
  it('applies deleted = 0 to the errors relation of every query shape', () => {
    for (const query of [
      `MATCH (events) SELECT count() AS c ${WHERE}`,
      `MATCH { MATCH (events) SELECT count() AS c BY title ${WHERE} } SELECT max(c) AS m`,
      `MATCH (events) SELECT count() AS c BY exception_stacks.type ARRAY JOIN exception_stacks.type ${WHERE}`,
    ]) {
      expect(sqlOf(query).sql).toContain('FROM "errors" WHERE "deleted" = 0');
    }
    const join = sqlOf(
      "MATCH (e: events) -[grouped]-> (g: groupedmessage) SELECT count() AS c WHERE e.project_id = 1 AND g.project_id = 1 AND e.timestamp >= toDateTime('2024-01-01') AND e.timestamp < toDateTime('2024-01-02')",
    ).sql;
    expect(join).toContain('FROM "errors" WHERE "deleted" = 0');
    expect(join).toContain('FROM "groupedmessage" WHERE "record_deleted" = 0');
    expect(join).toContain('INNER JOIN');
    expect(join).toContain('"t0"."group_id" = "t1"."id"');
  });

  it('reads promoted tags from their columns and other tags from the arrays, missing as empty', () => {
    const t = sqlOf(
      `MATCH (events) SELECT tags[environment] AS a, tags[sentry:release] AS b, tags[custom] AS c, contexts[trace.trace_id] AS d ${WHERE}`,
    );
    expect(t.sql).toContain('"environment" AS "c0"');
    expect(t.sql).toContain('"release" AS "c1"');
    expect(t.sql).toMatch(
      /coalesce\(list_extract\("tags\.value", list_position\("tags\.key", \$\d+\)\), ''\) AS "c2"/,
    );
    expect(t.sql).toContain(`replace(CAST("trace_id" AS VARCHAR), '-', '') AS "c3"`);
  });

  it('reads user as NULL when empty, UUIDs as 32 hex, span_id as hex', () => {
    const t = sqlOf(`MATCH (events) SELECT user, event_id, span_id ${WHERE}`);
    expect(t.sql).toContain(`nullif("user", '') AS "c0"`);
    expect(t.sql).toContain(`replace(CAST("event_id" AS VARCHAR), '-', '') AS "c1"`);
    expect(t.sql).toContain(`printf('%016x', "span_id")`);
    expect(t.columns.map((c) => c.type)).toEqual(['Nullable(String)', 'String', 'Nullable(String)']);
  });

  it('compares UUID columns raw, with the literal normalised, and refuses a non-UUID', () => {
    const t = sqlOf(`MATCH (events) SELECT title ${WHERE} AND event_id = 'ABCDEF0123456789ABCDEF0123456789'`);
    expect(t.sql).toMatch(/\("event_id" = CAST\(\$\d+ AS UUID\)\)/);
    expect(t.params).toContainEqual({ type: 'uuid', value: 'abcdef01-2345-6789-abcd-ef0123456789' });
    expect(() => sqlOf(`MATCH (events) SELECT title ${WHERE} AND event_id = 'nope'`)).toThrow(
      /Not a valid UUID/,
    );
  });

  it('compares span_id with hex literals as integers', () => {
    const t = sqlOf(`MATCH (events) SELECT title ${WHERE} AND contexts[trace.span_id] = '1337dedbeef42069'`);
    expect(t.sql).toMatch(/\("span_id" = \$\d+\)/);
    expect(t.params).toContainEqual({ type: 'int', value: 0x1337dedbeef42069n });
  });

  it('buckets time by GRANULARITY (hour by default)', () => {
    const bucket = (g: string) => sqlOf(`MATCH (events) SELECT count() AS c BY time ${WHERE} ${g}`).sql;
    expect(bucket('')).toContain(`date_trunc('hour', "timestamp")`);
    expect(bucket('GRANULARITY 60')).toContain(`date_trunc('minute', "timestamp")`);
    expect(bucket('GRANULARITY 86400')).toContain(`date_trunc('day', "timestamp")`);
    expect(bucket('GRANULARITY 300')).toContain(
      `time_bucket(INTERVAL 300 SECOND, "timestamp", TIMESTAMP '1970-01-01 00:00:00')`,
    );
    expect(sqlOf(`MATCH (events) SELECT count() AS c BY rtime ${WHERE}`).sql).toContain(
      `date_trunc('hour', "received")`,
    );
  });

  it('applies LIMIT 1000 and OFFSET 0 when the query has none', () => {
    expect(sqlOf(`MATCH (events) SELECT title ${WHERE}`).sql).toMatch(/ LIMIT 1000$/);
    expect(sqlOf(`MATCH (events) SELECT title ${WHERE} LIMIT 5 OFFSET 10`).sql).toMatch(
      / LIMIT 5 OFFSET 10$/,
    );
  });
});

describe('refusals before the engine', () => {
  it("refuses ClickHouse's NOT_AN_AGGREGATE with the column's position", () => {
    const query = `MATCH (events) SELECT count() AS c, partition BY platform ${WHERE}`;
    try {
      sqlOf(query);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SnqlError);
      const e = error as SnqlError;
      expect(e.message).toBe(
        'Column `partition` is not under aggregate function and not in GROUP BY (BY clause)',
      );
      expect(query.slice(e.span?.offset, e.span?.end)).toBe('partition');
    }
  });

  it('refuses a function the engine cannot express, by name', () => {
    expect(() => sqlOf(`MATCH (events) SELECT apdex(1, 2) AS a ${WHERE}`)).toThrow(/apdex is not supported/);
  });
});

describe('the dialect seam', () => {
  it('lets another engine spell identifiers and placeholders its own way', () => {
    const other: SqlDialect = {
      ...duckdbDialect,
      name: 'other',
      ident: (name) => `\`${name}\``,
      placeholder: (index) => `:p${index}`,
    };
    const t = sqlOf(`MATCH (events) SELECT count() AS c BY level ${WHERE}`, other);
    expect(t.dialect).toBe('other');
    expect(t.sql).toContain('`level` AS `c0`');
    expect(t.sql).toMatch(/`project_id` = :p\d/);
    expect(t.sql).not.toContain('$');
  });
});
