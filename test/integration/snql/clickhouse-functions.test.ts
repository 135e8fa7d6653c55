/**
 * ClickHouse functions as Snuba's users get them, over events sent by a real SDK: what concat,
 * uniq of several arguments, extract, round, formatDateTime, upper/lower, toString, arrayElement
 * and cityHash64 answer, the types `meta` reports for values that may be NULL, and LIMIT BY an
 * aggregate's alias.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnqlSuccess } from '../../../src-shared/snql-api.ts';
import { type Seeded, seed, seededQueries } from './seed.ts';

let seeded: Seeded;
beforeAll(async () => {
  seeded = await seed();
}, 120_000);
afterAll(() => seeded?.core.close());

const { where, run, ok } = seededQueries(() => seeded);

const types = (result: SnqlSuccess): Record<string, string> =>
  Object.fromEntries(result.meta.map((m) => [m.name, m.type]));

describe('strings and NULL as ClickHouse has them', () => {
  it('makes concat NULL when an argument is NULL, and reports Nullable(String) where a value may be NULL', async () => {
    const result = await ok(
      `MATCH (events) SELECT concat(level, NULL) AS a, concat(level, '!') AS b, concat(title, '!') AS c, ` +
        `nullIf(level, 'warning') AS d, toString(NULL) AS e ${where(" AND level = 'warning'")}`,
    );
    expect(result.data).toEqual([
      { a: null, b: 'warning!', c: expect.stringMatching(/!$/), d: null, e: null },
    ]);
    expect(types(result)).toEqual({
      a: 'Nullable(String)',
      b: 'Nullable(String)',
      c: 'String',
      d: 'Nullable(String)',
      e: 'Nullable(String)',
    });
  });

  it('takes extract’s first capturing group, else the whole match, and empty text when nothing matches', async () => {
    const result = await ok(
      "MATCH (events) SELECT extract('card declined #12', '#(\\\\d)') AS g, extract('card declined #12', 'd[a-z]+') AS w, " +
        `extract('abc', 'x(y)') AS none, extract('a(b', '[(]b') AS cls ${where()} LIMIT 1`,
    );
    expect(result.data).toEqual([{ g: '1', w: 'declined', none: '', cls: '(b' }]);
  });

  it('changes only ASCII letters in upper/lower, all letters in upperUTF8/lowerUTF8', async () => {
    const result = await ok(
      "MATCH (events) SELECT upper('straße é') AS u, lower('ÉCOLE') AS l, upperUTF8('é') AS uu, lowerUTF8('É') AS lu " +
        `${where()} LIMIT 1`,
    );
    expect(result.data).toEqual([{ u: 'STRAßE é', l: 'École', uu: 'É', lu: 'é' }]);
  });

  it('writes toString of floats and of true as ClickHouse does', async () => {
    const result = await ok(
      'MATCH (events) SELECT toString(1.0) AS one, toString(2.5) AS half, toString(1e+20) AS big, toString(1.5e-7) AS small, ' +
        `toString(true) AS t, toString(equals(1, 1)) AS cond ${where()} LIMIT 1`,
    );
    expect(result.data).toEqual([
      { one: '1', half: '2.5', big: '100000000000000000000', small: '1.5e-7', t: 'true', cond: '1' },
    ]);
  });
});

describe('numbers, dates and arrays as ClickHouse computes them', () => {
  it('rounds floats half to even and integers half away from zero', async () => {
    const result = await ok(
      'MATCH (events) SELECT round(2.5) AS a, round(3.5) AS b, round(-2.5) AS c, round(3.55, 1) AS d, round(3.65, 1) AS e, ' +
        `round(25, -1) AS f, round(7) AS g ${where()} LIMIT 1`,
    );
    expect(result.data).toEqual([{ a: 2, b: 4, c: -2, d: 3.6, e: 3.6, f: 30, g: 7 }]);
  });

  it('formats dates with ClickHouse’s (MySQL’s) letters, and refuses a letter it does not know by name', async () => {
    const result = await ok(
      "MATCH (events) SELECT formatDateTime(toDateTime('2018-01-02T22:33:44'), '%Y-%m-%d %H:%i:%S|%M|%W|%F|%D|%e|%r|%T|%j|%%') AS f " +
        `${where()} LIMIT 1`,
    );
    expect(result.data).toEqual([
      { f: '2018-01-02 22:33:44|January|Tuesday|2018-01-02|01/02/18| 2|10:33 PM|22:33:44|002|%' },
    ]);
    const query = `MATCH (events) SELECT formatDateTime(timestamp, '%Y %K') AS f ${where()}`;
    const refused = await run(query);
    if (!('error' in refused)) throw new Error('%K was formatted');
    expect(refused.error.type).toBe('invalid_query');
    expect(refused.error.message).toContain('%K');
    expect(query.slice(refused.error.span?.offset, refused.error.span?.end)).toBe("'%Y %K'");
    const computed = await run(`MATCH (events) SELECT formatDateTime(timestamp, level) AS f ${where()}`);
    expect('error' in computed && computed.error.message).toBe(
      'the format of formatDateTime must be a constant string, as in ClickHouse',
    );
  });

  it('gives the element type’s default past the end of an array, NULL only for Nullable elements', async () => {
    const result = await ok(
      'MATCH (events) SELECT arrayElement(tags.key, 100) AS k, arrayElement(array(1, 2), 3) AS n, ' +
        `arrayElement(exception_stacks.mechanism_handled, 100) AS h, arrayElement(tags.key, 0) AS z ${where(" AND level = 'warning'")}`,
    );
    expect(result.data).toEqual([{ k: '', n: 0, h: null, z: '' }]);
    expect(types(result)).toMatchObject({ k: 'String', h: 'Nullable(UInt8)' });
  });

  it('counts distinct tuples in uniq of several arguments, leaving out rows where one is NULL', async () => {
    const result = await ok(
      'MATCH (events) SELECT uniq(user, level) AS a, uniqExact(level, platform) AS b, uniqIf(user, level, equals(level, ' +
        `'error')) AS c, uniq(user) AS d ${where()}`,
    );
    // Three errors by users u1, u2, u1; a warning, an info and a fatal event with no user.
    expect(result.data).toEqual([{ a: 2, b: 4, c: 2, d: 2 }]);
  });

  it('hashes strings with cityHash64 as the stored hash columns do', async () => {
    const result = await ok(
      `MATCH (events) SELECT countIf(has(_tags_hash_map, cityHash64('marker=${seeded.marker}'))) AS constant, ` +
        "countIf(has(_tags_hash_map, cityHash64(concat('marker=', tags[marker])))) AS per_row, " +
        `countIf(equals(cityHash64(user), user_hash)) AS users ${where()}`,
    );
    expect(result.data).toEqual([{ constant: 6, per_row: 6, users: 3 }]);
  });
});

describe('LIMIT BY as Snuba expands it', () => {
  it('takes LIMIT n BY the alias of an aggregate', async () => {
    const result = await ok(
      `MATCH (events) SELECT count() AS c BY level ${where()} ORDER BY c DESC LIMIT 1 BY c`,
    );
    // error 3, and one of the three levels seen once.
    expect(result.data.map((r) => r.c)).toEqual([3, 1]);
  });
});
