/**
 * Execution limits on a large index: a query that runs past its timeout is interrupted and
 * reported as `timeout` (and the connection stays usable), and the row cap cuts a result.
 */
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runSnql } from '../../../src-main/core/snql/execute.ts';
import { type EventIndex, openEventIndex } from '../../../src-main/core/store/duckdb/open_event_index.ts';
import { ERRORS_COLUMNS } from '../../../src-main/core/store/duckdb/schema.ts';
import { tempDir } from '../../support/serve.ts';

const ROWS = 1_000_000;
let index: EventIndex;

/** One generated value per errors column, so the rows satisfy every NOT NULL. */
function generated(name: string, type: string, nullable: boolean): string {
  if (name === 'project_id') return '1';
  if (name === 'timestamp' || name === 'received' || name === 'message_timestamp')
    return `TIMESTAMP '2024-01-15 09:00:00' + to_seconds(i % 3600)`;
  if (name === 'event_id' || name === 'primary_hash') return 'uuid()';
  if (name === 'deleted') return '0';
  if (name === 'group_id') return 'i % 1000';
  if (name === 'tags.key') return "['level', 'shard']";
  if (name === 'tags.value') return "['error', CAST(i % 97 AS VARCHAR)]";
  if (nullable) return 'NULL';
  if (type.endsWith('[]')) return '[]';
  if (type === 'VARCHAR') return "'x'";
  return '0';
}

beforeAll(async () => {
  index = await openEventIndex(path.join(tempDir('faultline-snql-limits-'), 'events.duckdb'));
  const values = ERRORS_COLUMNS.map((c) => generated(c.name, c.type.toString(), c.nullable));
  await index.writer.run(`INSERT INTO errors SELECT ${values.join(', ')} FROM range(${ROWS}) t(i)`);
}, 120_000);
afterAll(() => index?.close());

const WINDOW =
  "project_id = 1 AND timestamp >= toDateTime('2024-01-15T00:00:00') AND timestamp < toDateTime('2024-01-16T00:00:00')";

it('interrupts a query that runs past its timeout and reports a timeout error', async () => {
  const conn = await index.connect();
  try {
    // Grouping a million rows by event id takes far longer than the 1 ms allowed.
    const slow = `MATCH (events) SELECT uniqExact(tags[shard]) AS u BY event_id WHERE ${WINDOW}`;
    const started = performance.now();
    const response = await runSnql(conn, slow, { timeoutMs: 1 });
    expect(response).toMatchObject({ error: { type: 'timeout' } });
    expect(performance.now() - started).toBeLessThan(5_000);
    // The same connection answers the next query.
    const next = await runSnql(conn, `MATCH (events) SELECT count() AS c WHERE ${WINDOW}`, {
      timeoutMs: 30_000,
    });
    expect(next).toMatchObject({ data: [{ c: ROWS }] });
  } finally {
    conn.closeSync();
  }
});

it('applies LIMIT 1000 by default and cuts results at the row cap', async () => {
  const conn = await index.connect();
  try {
    const byGroup = `MATCH (events) SELECT count() AS c BY group_id WHERE ${WINDOW}`;
    const defaulted = await runSnql(conn, byGroup);
    expect('data' in defaulted && defaulted.data.length).toBe(1000);
    const capped = await runSnql(conn, `${byGroup} LIMIT 1000`, { maxRows: 10 });
    expect(capped).toMatchObject({ truncated: true });
    expect('data' in capped && capped.data.length).toBe(10);
  } finally {
    conn.closeSync();
  }
});

it("reports a query the engine refuses as Snuba does: type 'clickhouse' with ClickHouse's code", async () => {
  const conn = await index.connect();
  try {
    const response = await runSnql(
      conn,
      `MATCH (events) SELECT ifNull(tags[shard], 403) AS s WHERE ${WINDOW}`,
    );
    expect(response).toMatchObject({ error: { type: 'clickhouse', code: 'NO_COMMON_TYPE' } });
  } finally {
    conn.closeSync();
  }
});
