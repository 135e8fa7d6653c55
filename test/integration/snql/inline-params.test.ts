/**
 * Parameters written into the SQL as constants (execute.ts `inlineParams`) must mean exactly what
 * the bound parameters meant: the same values, the same types, whatever the strings hold.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlParam } from '../../../src-main/core/snql/dialect.ts';
import { duckdbParams, inlineParams } from '../../../src-main/core/snql/execute.ts';

let instance: DuckDBInstance;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
});
afterAll(() => instance.closeSync());

const PARAMS: SqlParam[] = [
  { type: 'string', value: `it's a "quote" \\' \\\\ $1 -- /* */ ; DROP TABLE errors; 'x'` },
  { type: 'string', value: 'line\nbreak\ttab ünïcødé 😀' },
  { type: 'int', value: -42n },
  { type: 'int', value: 18_446_744_073_709_551_615n },
  { type: 'int', value: -(2n ** 100n) },
  { type: 'float', value: -0 },
  { type: 'float', value: 1.5e-300 },
  { type: 'float', value: Number.POSITIVE_INFINITY },
  { type: 'bool', value: true },
  { type: 'timestamp', value: '2026-01-08T00:00:00' },
];
const SQL = `SELECT ${PARAMS.map((_, i) => `$${i + 1} AS c${i + 1}, typeof($${i + 1}) AS t${i + 1}`).join(', ')}`;

describe('parameters written in as constants', () => {
  it('give the values and types the bound parameters give', async () => {
    const conn = await instance.connect();
    const { values, types } = duckdbParams(PARAMS);
    const bound = (await conn.runAndReadAll(SQL, values, types)).getRowObjectsJS()[0];
    const inlined = inlineParams(SQL, PARAMS);
    expect(inlined).not.toBeNull();
    const constant = (await conn.runAndReadAll(inlined ?? '')).getRowObjectsJS()[0];
    expect(constant).toEqual(bound);
    expect(constant?.c1).toBe(PARAMS[0]?.value);
    expect(constant?.c2).toBe(PARAMS[1]?.value);
    expect(Object.is(constant?.c6, -0)).toBe(true);
    expect([constant?.t3, constant?.t4, constant?.t5]).toEqual(['BIGINT', 'UBIGINT', 'HUGEINT']);
    conn.closeSync();
  });

  it('stay parameters when a string holds a NUL, which SQL text cannot carry', () => {
    expect(inlineParams('SELECT $1', [{ type: 'string', value: 'a\0b' }])).toBeNull();
  });

  it('refuse SQL that names a parameter the translation lacks', () => {
    expect(() => inlineParams('SELECT $2', [{ type: 'int', value: 1n }])).toThrow(/\$2/);
  });
});
