/**
 * Answers a Snuba user knows from ClickHouse, over events sent by a real SDK: aggregates over no
 * rows (type defaults and nan, not NULL), the types `meta` reports for aggregates, TOTALS with
 * HAVING (ClickHouse's default totals_mode), tuples read whole, and integer division by zero.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnqlSuccess } from '../../../src-shared/snql-api.ts';
import { type Seeded, seed, seededQueries, seededWindow } from './seed.ts';

let seeded: Seeded;
beforeAll(async () => {
  seeded = await seed();
}, 120_000);
afterAll(() => seeded?.core.close());

const { where, run, ok } = seededQueries(() => seeded);

const typeOf = (result: SnqlSuccess, name: string): string | undefined =>
  result.meta.find((m) => m.name === name)?.type;

describe('SnQL answers as ClickHouse does', () => {
  it('gives 0, empty string, 1970-01-01 and nan for aggregates over no rows, and NULL only for Nullable columns', async () => {
    const select =
      'SELECT count() AS c, sum(group_id) AS s, min(group_id) AS mi, max(timestamp) AS mt, min(title) AS mtitle, ' +
      'any(title) AS an, avg(group_id) AS a, quantile(0.5)(group_id) AS q, min(level) AS ml, ' +
      "sumIf(group_id, equals(level, 'nothing')) AS si, uniq(group_id) AS u, groupArray(level) AS ga";
    const empty = await ok(`MATCH (events) ${select} ${where(" AND level = 'no-such-level'")}`);
    expect(empty.data).toEqual([
      {
        c: 0,
        s: 0,
        mi: 0,
        mt: '1970-01-01T00:00:00+00:00',
        mtitle: '',
        an: '',
        a: 'NaN',
        q: 'NaN',
        ml: null,
        si: 0,
        u: 0,
        ga: [],
      },
    ]);
    // Over rows, an If condition no row meets still gives the default, and NULLs stay out of arrays.
    const some = await ok(`MATCH (events) ${select} ${where()}`);
    const row = some.data[0];
    expect(row?.c).toBe(6);
    expect(row?.si).toBe(0);
    expect(Number(row?.s)).toBeGreaterThan(0);
    expect(row?.ga).toHaveLength(6);
  });

  it('reports the types ClickHouse gives aggregates: sum of UInt64 is UInt64, max of a count stays UInt64', async () => {
    const result = await ok(
      `MATCH (events) SELECT sum(group_id) AS s, max(group_id) AS m, min(level) AS l, avg(group_id) AS a ${where()}`,
    );
    expect(typeOf(result, 's')).toBe('UInt64');
    expect(typeOf(result, 'm')).toBe('UInt64');
    expect(typeOf(result, 'l')).toBe('Nullable(String)');
    expect(typeOf(result, 'a')).toBe('Float64');
    const { from, to } = seededWindow();
    const nested = await ok(
      `MATCH { MATCH (events) SELECT count() AS c BY group_id ${where()} } SELECT max(c) AS m, sum(c) AS s`,
    );
    expect(nested.meta).toEqual([
      { name: 'm', type: 'UInt64' },
      { name: 's', type: 'UInt64' },
    ]);
    expect(nested.data[0]?.s).toBe(6);
    // Over an empty inner result the outer aggregates of its non-Nullable count are 0.
    const none = await ok(
      `MATCH { MATCH (events) SELECT count() AS c BY group_id WHERE project_id = ${seeded.projectId} AND timestamp >= toDateTime('${from}') AND timestamp < toDateTime('${to}') AND level = 'no-such-level' } SELECT max(c) AS m`,
    );
    expect(none.data).toEqual([{ m: 0 }]);
  });

  it('computes TOTALS over the groups that pass HAVING, with the grouping keys at their defaults', async () => {
    // The seeded events: 3 errors, 1 warning, 1 info, 1 fatal.
    const result = await ok(
      `MATCH (events) SELECT count() AS c BY level, platform ${where()} HAVING c > 1 ORDER BY c DESC TOTALS true`,
    );
    expect(result.data.map((r) => r.c)).toEqual([3]);
    expect(result.totals).toEqual({ level: null, platform: '', c: 3 });
    const none = await ok(
      `MATCH (events) SELECT count() AS c, uniq(user) AS u BY title ${where()} HAVING c > 100 TOTALS true`,
    );
    expect(none.data).toEqual([]);
    expect(none.totals).toEqual({ title: '', c: 0, u: 0 });
    const all = await ok(`MATCH (events) SELECT count() AS c BY group_id ${where()} TOTALS true`);
    expect(all.totals).toEqual({ group_id: 0, c: 6 });
  });

  it('computes TOTALS of a query over a subquery, as of a query over an entity', async () => {
    const result = await ok(
      `MATCH { MATCH (events) SELECT count() AS c BY level ${where()} } SELECT max(c) AS m, sum(c) AS s TOTALS true`,
    );
    expect(result.data).toEqual([{ m: 3, s: 6 }]);
    expect(result.totals).toEqual({ m: 3, s: 6 });
  });

  it('reads nested columns whole as [key, value] tuples, also one at a time through arrayJoin', async () => {
    const whole = await ok(`MATCH (events) SELECT tags, exception_stacks ${where(" AND level = 'warning'")}`);
    const tags = whole.data[0]?.tags as unknown[];
    expect(tags).toContainEqual(['marker', seeded.marker]);
    expect(tags).toContainEqual(['level', 'warning']);
    expect(whole.data[0]?.exception_stacks).toEqual([['TimeoutError', 'upstream timed out', 'generic', 1]]);
    const joined = await ok(
      `MATCH (events) SELECT arrayJoin(tags) AS t, tupleElement(t, 2) AS v ${where(" AND level = 'warning'")}`,
    );
    expect(joined.data).toContainEqual({ t: ['marker', seeded.marker], v: seeded.marker });
    const lambda = await ok(
      `MATCH (events) SELECT count() AS c ${where(" AND arrayExists((`t`) -> equals(tupleElement(`t`, 1), 'only_here'), tags) = 1")}`,
    );
    expect(lambda.data).toEqual([{ c: 1 }]);
  });

  it('takes quantileExact at position floor(level * n) of the sorted values, without interpolating', async () => {
    const result = await ok(
      `MATCH (events) SELECT quantileExact(0.5)(toUInt64(position(title, 'e'))) AS m, quantilesExact(0, 0.25, 0.5, 1)(toUInt64(position(title, 'e'))) AS qs, groupArray(toUInt64(position(title, 'e'))) AS all ${where()}`,
    );
    const row = result.data[0];
    const sorted = ((row?.all ?? []) as number[]).slice().sort((a, b) => a - b);
    const at = (level: number) => sorted[Math.min(Math.floor(level * sorted.length), sorted.length - 1)];
    expect(sorted).toHaveLength(6);
    expect(row?.m).toBe(at(0.5));
    expect(row?.qs).toEqual([at(0), at(0.25), at(0.5), at(1)]);
    expect(typeOf(result, 'm')).toBe('UInt64');
  });

  it('refuses an integer division by zero as ClickHouse does, and rounds intDiv of floats toward zero', async () => {
    for (const expression of ['intDiv(group_id, 0)', 'modulo(group_id, 0)']) {
      const response = await run(`MATCH (events) SELECT ${expression} AS x ${where()}`);
      expect('error' in response && response.error.code).toBe('ILLEGAL_DIVISION');
    }
    const result = await ok(
      `MATCH (events) SELECT intDiv(7.5, 2) AS a, intDiv(-7, 2) AS b, intDivOrZero(7, 0) AS c, divide(1, 0) AS d ${where()} LIMIT 1`,
    );
    expect(result.data).toEqual([{ a: 3, b: -3, c: 0, d: 'Infinity' }]);
  });

  it('wraps integer plus, minus and multiply on overflow in ClickHouse’s result type, as ClickHouse does', async () => {
    const result = await ok(
      'MATCH (events) SELECT plus(18446744073709551615, 1) AS a, plus(9223372036854775807, 1) AS b, ' +
        'multiply(4294967296, 4294967296) AS c, minus(toUInt64(0), 1) AS d, ' +
        'plus(toInt64(9223372036854775807), 1) AS e, multiply(-1, 18446744073709551615) AS f, ' +
        `plus(toUInt8(255), toUInt8(1)) AS g, minus(0, 1) AS h, plus(project_id, 18446744073709551615) AS i ${where()} LIMIT 1`,
    );
    expect(result.data).toEqual([
      {
        a: 0,
        b: '9223372036854775808',
        c: 0,
        d: -1,
        e: '-9223372036854775808',
        f: 1,
        g: 256,
        h: -1,
        i: seeded.projectId - 1,
      },
    ]);
    expect(result.meta).toEqual([
      { name: 'a', type: 'UInt64' },
      { name: 'b', type: 'UInt64' },
      { name: 'c', type: 'UInt64' },
      { name: 'd', type: 'Int64' },
      { name: 'e', type: 'Int64' },
      { name: 'f', type: 'Int64' },
      { name: 'g', type: 'UInt16' },
      { name: 'h', type: 'Int16' },
      { name: 'i', type: 'UInt64' },
    ]);
  });
});

describe('integer conversions, negate, abs, intDiv and modulo as ClickHouse computes them', () => {
  it('wraps out-of-range conversions into the type, and types negate, abs, intDiv and modulo as ClickHouse does', async () => {
    const result = await ok(
      'MATCH (events) SELECT toUInt8(300) AS a, toInt8(200) AS b, toUInt64(-1) AS c, toInt64(18446744073709551615) AS d, ' +
        'toInt16(40000) AS e, toUInt8(project_id) AS f, negate(toInt64(-9223372036854775808)) AS g, negate(toUInt64(5)) AS h, ' +
        'abs(toInt64(-9223372036854775808)) AS i, abs(-3) AS j, intDiv(-7, 2) AS k, intDiv(toUInt8(200), toInt8(-1)) AS l, ' +
        `modulo(-7, 2) AS m, modulo(7, 2) AS n, intDivOrZero(-9223372036854775808, -1) AS o ${where()} LIMIT 1`,
    );
    expect(result.data).toEqual([
      {
        a: 44,
        b: -56,
        c: '18446744073709551615',
        d: -1,
        e: -25536,
        f: seeded.projectId,
        g: '-9223372036854775808',
        h: -5,
        i: '9223372036854775808',
        j: 3,
        k: -3,
        l: 56,
        m: -1,
        n: 1,
        o: 0,
      },
    ]);
    const types = Object.fromEntries(result.meta.map((m) => [m.name, m.type]));
    expect(types).toEqual({
      a: 'UInt8',
      b: 'Int8',
      c: 'UInt64',
      d: 'Int64',
      e: 'Int16',
      f: 'UInt8',
      g: 'Int64',
      h: 'Int64',
      i: 'UInt64',
      j: 'UInt8',
      k: 'Int8',
      l: 'Int8',
      m: 'Int16',
      n: 'UInt8',
      o: 'Int64',
    });
  });

  it('refuses dividing the minimal signed number by minus one, as ClickHouse does', async () => {
    for (const expression of ['intDiv(-9223372036854775808, -1)', 'modulo(toInt8(-128), -1)']) {
      const response = await run(`MATCH (events) SELECT ${expression} AS x ${where()}`);
      if (!('error' in response)) throw new Error(`${expression} ran`);
      expect(response.error.code).toBe('ILLEGAL_DIVISION');
      expect(response.error.message).toBe(
        'DB::Exception: Division of minimal signed number by minus one. (ILLEGAL_DIVISION)',
      );
    }
  });
});

describe('tuples and mixed types as ClickHouse has them', () => {
  it('builds tuple(…) of mixed types, reads it as an array and compares tuples element by element', async () => {
    const result = await ok(
      `MATCH (events) SELECT tuple(timestamp, level) AS t, tupleElement(tuple(timestamp, level), 2) AS l, tuple(1, 'a', tuple(2, 3)) AS n ${where(" AND level = 'warning'")}`,
    );
    const row = result.data[0];
    expect(row?.t).toEqual([expect.stringMatching(/^\d{4}-\d\d-\d\dT.*\+00:00$/), 'warning']);
    expect(row?.l).toBe('warning');
    expect(row?.n).toEqual([1, 'a', [2, 3]]);
    expect(typeOf(result, 't')).toBe('Tuple(DateTime, LowCardinality(Nullable(String)))');
    expect(typeOf(result, 'n')).toBe('Tuple(UInt8, String, Tuple(UInt8, UInt8))');
    const counts = await ok(
      `MATCH (events) SELECT countIf(in(tuple(level, platform), tuple(tuple('error', 'node'), tuple('fatal', 'node')))) AS set, ` +
        `countIf(equals(tuple(level, platform), tuple('warning', 'node'))) AS one, ` +
        `countIf(in(tuple(level, platform), tuple('info', 'node'))) AS single, ` +
        `countIf(greater(tuple(timestamp, level), tuple('2000-01-01 00:00:00', 'a'))) AS dated ${where()}`,
    );
    expect(counts.data).toEqual([{ set: 4, one: 1, single: 1, dated: 6 }]);
  });

  it('refuses tuples of different sizes with ClickHouse’s codes, at the tuple', async () => {
    const cases: Array<[string, string]> = [
      [" AND tuple(level, platform) IN tuple(tuple('error'))", 'NUMBER_OF_COLUMNS_DOESNT_MATCH'],
      [" AND tuple(level, platform) = tuple('error')", 'BAD_ARGUMENTS'],
    ];
    for (const [condition, code] of cases) {
      const query = `MATCH (events) SELECT count() AS c ${where(condition)}`;
      const response = await run(query);
      if (!('error' in response)) throw new Error(`${condition} ran`);
      expect(response.error.code).toBe(code);
      expect(query.slice(response.error.span?.offset, response.error.span?.end)).toBe("tuple('error')");
    }
  });

  it('answers what ClickHouse answers where DuckDB alone would fail, and refuses what ClickHouse refuses at its place', async () => {
    const result = await ok(
      "MATCH (events) SELECT median(equals(level, 'error')) AS m, countIf(has(exception_stacks.mechanism_handled, NULL)) AS h, " +
        `greater(count(), toDateTime('1970-01-01 00:00:01')) AS after, max(length(range(toUInt64(3)))) AS r, countIf(has(array(timestamp), '2000-01-01 00:00:00')) AS d ${where()} LIMIT 1`,
    );
    expect(result.data).toEqual([{ m: 0.5, h: 0, after: 1, r: 3, d: 0 }]);
    const refusals: Array<[string, string, string]> = [
      ['array(timestamp, level)', 'NO_COMMON_TYPE', 'There is no supertype for types DateTime'],
      ['has(tags.key, 1)', 'ILLEGAL_TYPE_OF_ARGUMENT', 'Types of array and 2nd argument of function `has`'],
      ["if(equals(level, 'error'), timestamp, level)", 'NO_COMMON_TYPE', 'There is no supertype'],
    ];
    for (const [expression, code, message] of refusals) {
      const query = `MATCH (events) SELECT ${expression} ${where()}`;
      const response = await run(query);
      if (!('error' in response)) throw new Error(`${expression} ran`);
      expect(response.error.code).toBe(code);
      expect(response.error.message).toContain(message);
      expect(query.slice(response.error.span?.offset, response.error.span?.end)).toBe(expression);
    }
    const mismatch = await run(`MATCH (events) SELECT count() AS c ${where(" AND notEmpty(title) < ''")}`);
    expect('error' in mismatch && mismatch.error.code).toBe('TYPE_MISMATCH');
  });
});
