/**
 * SnQL → SQL without an engine: what reaches the SQL text (never the query's literals), Snuba's
 * mandatory conditions and column processors, GRANULARITY buckets, and the dialect seam.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SqlDialect } from '../../../src-main/core/snql/dialect.ts';
import { duckdbDialect } from '../../../src-main/core/snql/duckdb-dialect.ts';
import { translate } from '../../../src-main/core/snql/translate.ts';
import { fnv1a64, tagHashText } from '../../../src-main/core/store/duckdb/hash.ts';
import { ClickhouseError, SnqlError } from '../../../src-shared/snql/errors.ts';
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
            `MATCH (events) SELECT count() AS c ${WHERE} AND message = '${quoted(value)}' AND tags[k.x-1] != '${quoted(value)}'`,
          );
          expect(t.sql.includes(value)).toBe(false);
          expect(t.params).toContainEqual({ type: 'string', value });
          expect(t.params).toContainEqual({ type: 'string', value: 'k.x-1' });
        },
      ),
      { numRuns: 200 },
    );
  });

  it("runs tags[k] = 'v' as Snuba's errors storage does: the hash of k=v among the tag hashes, bound", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }).map((s) => `ZQ§${s}`),
        (value) => {
          const t = sqlOf(`MATCH (events) SELECT count() AS c ${WHERE} AND tags[k.x-1] = '${quoted(value)}'`);
          expect(t.sql.includes(value)).toBe(false);
          expect(t.sql).toContain('list_contains("_tags_hash_map", ');
          expect(t.sql).not.toMatch(/tags\.(key|value)/);
          expect(t.params).toContainEqual({
            type: 'int',
            value: fnv1a64(tagHashText('k.x-1', value)),
            columnType: 'UInt64',
          });
        },
      ),
      { numRuns: 50 },
    );
    // A missing tag reads '' and promoted tags have their own columns: those stay value lookups.
    for (const condition of ["tags[k] = ''", "tags[environment] = 'prod'", "tags[k] != 'v'"])
      expect(sqlOf(`MATCH (events) SELECT count() AS c ${WHERE} AND ${condition}`).sql).not.toContain(
        '_tags_hash_map',
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
  it('applies deleted = 0, and no performance occurrence, to the errors relation of every query shape', () => {
    // One entity reads the table directly with the conditions first in WHERE; a sampled one (and
    // each side of a join) reads it through a filtered subquery. The errors table's performance
    // occurrences (type transaction) are Sentry's search_issues, never Snuba's errors storage.
    for (const [query, shape] of [
      [
        `MATCH (events) SELECT count() AS c ${WHERE}`,
        /FROM "errors" AS "t0" WHERE "deleted" = 0 AND "type" IS DISTINCT FROM 'transaction' AND /,
      ],
      [
        `MATCH { MATCH (events) SELECT count() AS c BY title ${WHERE} } SELECT max(c) AS m`,
        /\(SELECT .* FROM "errors" AS "t0" WHERE "deleted" = 0 AND "type" IS DISTINCT FROM 'transaction' AND .*\) AS "s0"/,
      ],
      [
        `MATCH (events) SELECT count() AS c BY exception_stacks.type ARRAY JOIN exception_stacks.type ${WHERE}`,
        /FROM "errors" AS "t0"\) AS "t0" WHERE "deleted" = 0 AND "type" IS DISTINCT FROM 'transaction' AND /,
      ],
      [
        `MATCH (events SAMPLE 0.5) SELECT count() AS c ${WHERE}`,
        /FROM "errors" TABLESAMPLE .* WHERE "deleted" = 0 AND "type" IS DISTINCT FROM 'transaction'\)/,
      ],
    ] as const) {
      expect(sqlOf(query).sql).toMatch(shape);
    }
    const join = sqlOf(
      "MATCH (e: events) -[grouped]-> (g: groupedmessage) SELECT count() AS c WHERE e.project_id = 1 AND g.project_id = 1 AND e.timestamp >= toDateTime('2024-01-01') AND e.timestamp < toDateTime('2024-01-02')",
    ).sql;
    expect(join).toContain('FROM "errors" WHERE "deleted" = 0 AND "type" IS DISTINCT FROM \'transaction\'');
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
    expect(t.sql).toMatch(/\("span_id" = CAST\(\$\d+ AS UBIGINT\)\)/);
    expect(t.params).toContainEqual({ type: 'int', value: 0x1337dedbeef42069n, columnType: 'UInt64' });
  });

  it("binds an integer compared with a column as the column's type, so the column is never cast", () => {
    const t = sqlOf(
      `MATCH (events) SELECT title ${WHERE} AND group_id IN tuple(3, 4) AND exception_main_thread = 1`,
    );
    expect(t.sql).toMatch(/\("project_id" = CAST\(\$\d+ AS UBIGINT\)\)/);
    expect(t.sql).toMatch(/\("group_id" IN \(CAST\(\$\d+ AS UBIGINT\), CAST\(\$\d+ AS UBIGINT\)\)\)/);
    expect(t.sql).toMatch(/\("exception_main_thread" = CAST\(\$\d+ AS UTINYINT\)\)/);
    // Out of the column's range: the literal keeps its own type (and simply matches nothing).
    expect(sqlOf(`MATCH (events) SELECT title ${WHERE} AND group_id != -1`).sql).toMatch(
      /\("group_id" != \$\d+\)/,
    );
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

describe("ClickHouse's type rules (Snuba passes these queries to ClickHouse, which refuses them)", () => {
  const refusal = (query: string): ClickhouseError => {
    try {
      sqlOf(query);
    } catch (error) {
      if (error instanceof ClickhouseError) return error;
      throw error;
    }
    throw new Error(`accepted: ${query}`);
  };

  it('converts a numeric string compared with a number, and refuses one that is not a number', () => {
    const t = sqlOf(
      `MATCH (events) SELECT title ${WHERE} AND group_id IN tuple('7', 8) AND num_processing_errors > '2'`,
    );
    expect(t.params).toContainEqual({ type: 'int', value: 7n, columnType: 'UInt64' });
    expect(t.params).toContainEqual({ type: 'int', value: 2n, columnType: 'Nullable(UInt64)' });
    const query = `MATCH (events) SELECT title ${WHERE} AND group_id IN tuple('seven')`;
    const e = refusal(query);
    expect(e.code).toBe('TYPE_MISMATCH');
    expect(e.status).toBe(400);
    expect(e.message).toBe("DB::Exception: Cannot convert string 'seven' to type UInt64. (TYPE_MISMATCH)");
    expect(query.slice(e.span?.offset, e.span?.end)).toBe("'seven'");
  });

  it("parses strings in a DateTime IN list with ClickHouse's own text format only", () => {
    const t = sqlOf(
      `MATCH (events) SELECT title ${WHERE} AND received IN tuple('2024-01-01 10:00:00', '2024-01-01T11:00:00')`,
    );
    expect(t.params).toContainEqual({ type: 'timestamp', value: '2024-01-01T10:00:00' });
    expect(t.params).toContainEqual({ type: 'timestamp', value: '2024-01-01T11:00:00' });
    expect(
      refusal(`MATCH (events) SELECT title ${WHERE} AND received IN tuple('2024-01-01T10:00:00+00:00')`).code,
    ).toBe('TYPE_MISMATCH');
    // A binary comparison goes through Snuba's TimeSeriesProcessor, which takes the ISO form.
    expect(
      sqlOf(`MATCH (events) SELECT title ${WHERE} AND received >= '2024-01-01T10:00:00+00:00'`).params,
    ).toContainEqual({
      type: 'timestamp',
      value: '2024-01-01T10:00:00',
    });
  });

  it('refuses numeric aggregates and arithmetic over strings', () => {
    for (const [expr, code] of [
      ['quantile(0.5)(title)', 'ILLEGAL_TYPE_OF_ARGUMENT'],
      ['sum(message)', 'ILLEGAL_TYPE_OF_ARGUMENT'],
      ["avgIf(tags[x], equals(level, 'error'))", 'ILLEGAL_TYPE_OF_ARGUMENT'],
      ['plus(platform, 1)', 'ILLEGAL_TYPE_OF_ARGUMENT'],
    ]) {
      expect(refusal(`MATCH (events) SELECT ${expr} AS x ${WHERE}`).code).toBe(code);
    }
    // Numbers and DateTime are fine for quantiles.
    expect(
      sqlOf(`MATCH (events) SELECT quantile(0.5)(timestamp) AS a, sum(num_processing_errors) AS b ${WHERE}`)
        .sql,
    ).toContain('quantile');
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
