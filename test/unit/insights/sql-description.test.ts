/**
 * The Queries page's normalization of database span descriptions, checked against what Relay's regex
 * scrubber makes of the same queries (its `span/description/sql` tests), and the spans Sentry's
 * Queries module counts.
 */
import { describe, expect, it } from 'vitest';
import { isQueryOp, normalizeQuery, queryGroup } from '../../../src-main/core/insights/sql-description.ts';

const sql = (description: string, dbSystem: string | null = null) =>
  normalizeQuery('db.sql.query', description, dbSystem);

describe('normalizing a query as Relay scrubs a db span description', () => {
  it('replaces numbers, negative and exponent numbers, hex constants and booleans by %s', () => {
    expect(sql('SELECT * FROM users WHERE id = 7')).toBe('SELECT * FROM users WHERE id = %s');
    expect(sql('SELECT * FROM table1 WHERE temperature > -100')).toBe(
      'SELECT * FROM table1 WHERE temperature > %s',
    );
    expect(sql('SELECT * FROM table1 WHERE salary > 1e7 LIMIT 1')).toBe(
      'SELECT * FROM table1 WHERE salary > %s LIMIT %s',
    );
    expect(sql('SELECT * FROM t WHERE flags = 0xFF')).toBe('SELECT * FROM t WHERE flags = %s');
    expect(sql('SELECT * FROM table1 WHERE deleted = FaLsE')).toBe('SELECT * FROM table1 WHERE deleted = %s');
  });

  it('keeps identifiers that contain digits or true/false, and NULL', () => {
    expect(sql('SELECT * FROM table_true WHERE deleted = %s')).toBe(
      'SELECT * FROM table_true WHERE deleted = %s',
    );
    expect(sql('SELECT col1 FROM table123 WHERE deleted_at IS NULL')).toBe(
      'SELECT col1 FROM table123 WHERE deleted_at IS NULL',
    );
  });

  it('replaces single-quoted strings, escaped quotes and unfinished ones included, and placeholders', () => {
    expect(sql("SELECT * FROM table1 WHERE sku = 'foo'")).toBe('SELECT * FROM table1 WHERE sku = %s');
    expect(sql(String.raw`SELECT * FROM table1 WHERE quote = 'it\'s a string`)).toBe(
      'SELECT * FROM table1 WHERE quote = %s',
    );
    expect(sql('SELECT x FROM y WHERE (z = :c0 AND w = $1) LIMIT ?')).toBe(
      'SELECT x FROM y WHERE (z = %s AND w = %s) LIMIT %s',
    );
    expect(sql('SELECT some_func(col, %(my_param1)s)')).toBe('SELECT some_func(col, %s)');
    expect(sql('SAVEPOINT `sp_1`')).toBe('SAVEPOINT %s');
    expect(sql('SAVEPOINT unquoted_identifier')).toBe('SAVEPOINT %s');
  });

  it('collapses IN and VALUES lists to one %s', () => {
    expect(sql('SELECT count() FROM table1 WHERE id IN (100, 101, 102)')).toBe(
      'SELECT count() FROM table1 WHERE id IN (%s)',
    );
    expect(sql('SELECT count() FROM table1 WHERE id1 IN ($1, $2) AND id2 IN (?, ?, ?)')).toBe(
      'SELECT count() FROM table1 WHERE id1 IN (%s) AND id2 IN (%s)',
    );
    expect(sql("INSERT INTO a (b, c) VALUES (1, 'x'), (2, 'y')")).toBe('INSERT INTO a (b, c) VALUES (%s)');
  });

  it('drops comments, collapses whitespace and strips quotes from names', () => {
    expect(sql('SELECT *\n  FROM "users" -- who\n  WHERE ( `id` = 3 ) /* hint */')).toBe(
      'SELECT * FROM users WHERE (id = %s)',
    );
  });

  it('reads double-quoted strings as values for MySQL only', () => {
    expect(sql('SELECT * FROM t WHERE name = "bob"', 'mysql')).toBe('SELECT * FROM t WHERE name = %s');
    expect(sql('SELECT * FROM "t"', 'postgresql')).toBe('SELECT * FROM t');
  });

  it('leaves out descriptions that are no query, keeps statements without values and Prisma actions', () => {
    expect(sql('child-span')).toBeNull();
    expect(sql('   ')).toBeNull();
    expect(sql('SELECT * FROM users')).toBe('SELECT * FROM users');
    expect(sql('BEGIN')).toBe('BEGIN');
    expect(normalizeQuery('db.prisma', 'User findMany', null)).toBe('User findMany');
  });

  it('groups descriptions that differ only in their values under one span.group (MD5, 16 hex)', () => {
    const a = sql('SELECT * FROM users WHERE id = 7') ?? '';
    const b = sql('SELECT  *  FROM users WHERE id = 12') ?? '';
    expect(queryGroup(a)).toBe(queryGroup(b));
    expect(queryGroup(a)).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('the spans Sentry’s Queries module counts', () => {
  it('takes the db category but not db.redis, db.sql.room, nor Mongo, ClickHouse or Redis sub-ops', () => {
    expect(
      ['db', 'db.query', 'db.sql.query', 'db.sql.execute', 'db.sql.prisma', 'DB.Query'].map(isQueryOp),
    ).toEqual([true, true, true, true, true, true]);
    expect(
      ['db.redis', 'db.sql.room', 'db.mongodb', 'db.clickhouse', 'cache.get', 'http.client', 'dbx', null].map(
        isQueryOp,
      ),
    ).toEqual([false, false, false, false, false, false, false, false]);
  });
});
