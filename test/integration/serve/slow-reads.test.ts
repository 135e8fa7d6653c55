/**
 * Slow DuckDB reads (SnQL, exports, the issue pages) must not hold up acknowledgements: each DuckDB
 * query holds a thread of libuv's pool for as long as it runs, and the fdatasync an ack waits for
 * needs one too. With Node's default pool of 4 threads and reads run without bound, four slow queries
 * held every thread and an envelope's 200 waited for one of them to finish. `serve` sizes the pool
 * (thread-pool-size.ts) and the worker runs at most 3 reads at once (pipeline/read-limit.ts).
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { request } from '../../support/http.ts';
import { type RunningServe, startServe } from '../../support/serve.ts';

let server: RunningServe | undefined;
afterEach(async () => {
  await server?.stop('SIGKILL');
  server = undefined;
});

const WHERE =
  "WHERE project_id IN tuple(1) AND timestamp >= toDateTime('2000-01-01T00:00:00') AND timestamp < toDateTime('2100-01-01T00:00:00')";
/**
 * One row's worth of DuckDB work that takes a second or so here: each row counted 1000 × 999 × 50
 * times (three different arrayJoins, as range makes at most 1,000 elements).
 */
const ROW_FACTOR = 1000 * 999 * 50;
const SLOW_QUERY = `MATCH (events) SELECT count() AS n ${WHERE} AND plus(plus(arrayJoin(range(1000)), arrayJoin(range(999))), arrayJoin(range(50))) AS x >= 0 LIMIT 1`;

function envelope(message: string): string {
  const eventId = crypto.randomUUID().replaceAll('-', '');
  const event = { event_id: eventId, platform: 'javascript', level: 'error', message };
  return `${JSON.stringify({ event_id: eventId })}\n${JSON.stringify({ type: 'event' })}\n${JSON.stringify(event)}\n`;
}

async function send(running: RunningServe, message: string): Promise<number> {
  const key = new URL(running.info.dsn).username;
  const started = performance.now();
  const reply = await request(`${running.info.url}/api/1/envelope/?sentry_key=${key}&sentry_version=7`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-sentry-envelope' },
    body: envelope(message),
  });
  expect(reply.status).toBe(200);
  return performance.now() - started;
}

async function slowQuery(running: RunningServe): Promise<number> {
  const started = performance.now();
  const reply = await request(`${running.info.url}/rpc/snql.query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-faultline-token': running.info.token },
    body: JSON.stringify({ query: SLOW_QUERY }),
  });
  const body = JSON.parse(reply.body) as { result?: { data: Array<{ n: number }> }; error?: unknown };
  // One or two rows (the second event may be indexed while the query runs), each ROW_FACTOR times.
  expect([ROW_FACTOR, 2 * ROW_FACTOR]).toContain(body.result?.data[0]?.n);
  return performance.now() - started;
}

describe('acknowledgements during slow DuckDB reads', () => {
  it('answers an envelope long before any of four concurrent slow queries ends', async () => {
    server = await startServe();
    const running = server;
    await send(running, 'first event, so the query has a row');
    // The row is in the index once the queue is empty and the index written.
    await expect
      .poll(async () => (await slowQuery(running)) > 0, { timeout: 30_000, interval: 200 })
      .toBe(true);
    const alone = await slowQuery(running);
    const queries = Array.from({ length: 4 }, () => slowQuery(running));
    // Let them all start (and, before the fix, take every pool thread).
    await new Promise((resolve) => setTimeout(resolve, Math.min(300, alone / 4)));
    const ack = await send(running, 'sent while the queries run');
    const durations = await Promise.all(queries);
    console.log(
      `slow query alone ${alone.toFixed(0)} ms; four at once ${durations.map((d) => d.toFixed(0)).join(' ')} ms; ack meanwhile ${ack.toFixed(0)} ms`,
    );
    expect(alone).toBeGreaterThan(200);
    expect(ack).toBeLessThan(alone / 2);
  }, 180_000);

  it('gives serve a thread pool of 8 (Linux shows its threads in /proc)', async () => {
    if (process.platform !== 'linux') {
      console.log('skipped: thread names are read from /proc, which only Linux has');
      return;
    }
    server = await startServe();
    await send(server, 'starts the pool');
    const pid = server.info.pid;
    const pool = () =>
      fs
        .readdirSync(`/proc/${pid}/task`)
        .filter((task) => fs.readFileSync(`/proc/${pid}/task/${task}/comm`, 'utf8').trim() === 'libuv-worker')
        .length;
    // Node names one more thread of its own so (9 here; 5 with the default pool of 4).
    await expect.poll(pool, { timeout: 10_000 }).toBeGreaterThanOrEqual(8);
  });
});
