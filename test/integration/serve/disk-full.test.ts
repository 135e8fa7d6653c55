/**
 * `faultline serve` on a disk that fills up: ingest refuses what it cannot keep (503, counted as
 * an `invalid` outcome), the server stays up, and once there is space again every event it
 * acknowledged is processed, once. It used to die: the outcome counters' background flush threw
 * SQLITE_FULL out of a timer, and a pipeline worker that failed while DuckDB was still opening
 * aborted the process from DuckDB's native callback.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.ts';
import { request } from '../../support/http.ts';
import { startServe } from '../../support/serve.ts';
import { mountSmallDisk, type SmallDisk } from '../../support/small-disk.ts';

const disk = mountSmallDisk(32);
const missing = typeof disk === 'string' ? disk : undefined;
if (missing) console.log(`disk-full tests skipped: ${missing}`);

afterAll(() => {
  if (typeof disk !== 'string') disk.remove();
});

const COUNT_QUERY =
  "MATCH (events) SELECT count() AS n, uniq(event_id) AS u WHERE project_id = 1 AND timestamp >= toDateTime('2000-01-01T00:00:00') AND timestamp < toDateTime('2100-01-01T00:00:00')";

/** An event envelope of about `bytes` (an extra value no normalization keeps whole). */
function envelope(bytes: number): string {
  const eventId = crypto.randomUUID().replaceAll('-', '');
  const payload = JSON.stringify({
    event_id: eventId,
    timestamp: Date.now() / 1000,
    level: 'error',
    exception: { values: [{ type: 'DiskError', value: 'no space' }] },
    extra: { pad: crypto.randomBytes(bytes / 2).toString('hex') },
  });
  return `${JSON.stringify({ event_id: eventId })}\n${JSON.stringify({ type: 'event' })}\n${payload}\n`;
}

async function countStored(dataDir: string): Promise<{ n: number; u: number }> {
  const run = await runCli(['query', '--data-dir', dataDir, '--format', 'json', COUNT_QUERY]);
  const body = JSON.parse(run.stdout) as { data?: Array<{ n: number; u: number }> };
  return body.data?.[0] ?? { n: -1, u: -1 };
}

describe.skipIf(missing !== undefined)('a data dir on a disk that fills up', () => {
  it('refuses what it cannot keep with 503, stays up, and processes every acknowledged event once', async () => {
    const small = disk as SmallDisk;
    const server = await startServe({ dataDir: path.join(small.dir, 'data') });
    try {
      const key = new URL(server.info.dsn).username;
      const url = `${server.info.url}/api/1/envelope/?sentry_key=${key}&sentry_version=7`;
      let acked = 0;
      let refused = 0;
      const causes = new Set<string>();
      // Until the disk is full and a good number of requests were refused since.
      for (let i = 0; i < 2000 && refused < 40; i++) {
        const reply = await request(url, { method: 'POST', body: envelope(64 * 1024) });
        if (reply.status === 200) acked++;
        else {
          expect(reply.status).toBe(503);
          refused++;
          for (const cause of (JSON.parse(reply.body) as { causes: string[] }).causes) causes.add(cause);
        }
      }
      expect(refused).toBeGreaterThan(0);
      // The reply names the full disk, not the queue's bound (which was never reached).
      expect([...causes]).toEqual([
        expect.stringMatching(/^the ingest queue could not be written: .*(disk is full|no space left)/i),
      ]);
      // The outcome counters' flush and the pipeline's restarts on the full disk.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      expect(server.proc.exitCode).toBeNull();
      expect(server.stderr()).not.toContain('terminate called');
      // Its workers failed again and again meanwhile (a restart a second): the log tells the first.
      expect(server.stderr().match(/pipeline worker exited with code/g)).toHaveLength(1);
      // Reads that need the worker, made while none runs or cut short by its failure, say so and why:
      // the UI tries those again. (A worker between its start and its first batch answers them; the
      // reads go on until a few were refused.)
      const refusals: unknown[] = [];
      for (let i = 0; i < 100 && refusals.length < 3; i++) {
        const read = await fetch(`${server.info.url}/rpc/snql.query`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-faultline-token': server.info.token },
          body: JSON.stringify({ query: COUNT_QUERY }),
        });
        const { error } = (await read.json()) as { error?: unknown };
        if (error) refusals.push(error);
        else await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(refusals.length).toBeGreaterThan(0);
      for (const refusal of refusals)
        expect(refusal).toEqual({
          type: 'unavailable',
          message: expect.stringMatching(
            /^the pipeline (is not running|restarted): .*(disk is full|no space left)/i,
          ),
        });

      small.resize(256);
      await expect
        .poll(() => countStored(server.dataDir), { timeout: 30_000, interval: 500 })
        .toEqual({ n: acked, u: acked });
      // Once a worker has stayed up 10 s.
      await expect
        .poll(() => server.stderr(), { timeout: 20_000, interval: 500 })
        .toMatch(/pipeline worker running again, after \d+ failed runs?/);
      const reply = await request(url, { method: 'POST', body: envelope(1024) });
      expect(reply.status).toBe(200);
      expect(server.proc.exitCode).toBeNull();
    } finally {
      await server.stop('SIGKILL');
    }
  }, 120_000);
});
