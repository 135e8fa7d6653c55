import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { type RunningServe, startServe, tempDir } from '../../support/serve.ts';

const CORPUS = path.resolve(
  import.meta.dirname,
  '../../../resources/sample-envelopes/node-v11-event-exception.envelope',
);
const corpusMissing = !fs.existsSync(CORPUS);
if (corpusMissing) console.warn(`skipping the crash-recovery test: ${CORPUS} is missing`);

/** The captured SDK envelope with a fresh event id in its header and its event payload. */
function envelopeWithId(template: string, eventId: string): string {
  return template.replace(/"event_id":"[0-9a-f]{32}"/g, `"event_id":"${eventId}"`);
}

function post(agent: http.Agent, url: string, body: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(url, { method: 'POST', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

async function rpc(server: RunningServe, method: string): Promise<Record<string, number>> {
  const response = await fetch(`${server.info.url}/rpc/${method}`, {
    method: 'POST',
    headers: { 'x-faultline-token': server.info.token, 'content-type': 'application/json' },
    body: '{}',
  });
  return ((await response.json()) as { result: Record<string, number> }).result;
}

it.skipIf(corpusMissing)(
  'after kill -9 under load and a restart, every acknowledged event is stored exactly once',
  async () => {
    const template = fs.readFileSync(CORPUS, 'utf8');
    const dataDir = tempDir();
    const first = await startServe({ dataDir });
    const key = /\/\/([0-9a-f]{32})@/.exec(first.info.dsn)?.[1];
    const url = `${first.info.url}/api/1/envelope/?sentry_key=${key}&sentry_version=7`;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

    const acknowledged: string[] = [];
    let killed = false;
    const sender = async () => {
      while (!killed) {
        const eventId = crypto.randomBytes(16).toString('hex');
        if ((await post(agent, url, envelopeWithId(template, eventId))) === 200) acknowledged.push(eventId);
      }
    };
    const senders = Array.from({ length: 16 }, sender);
    // Let load build up (at least 1.5 s and 150 acknowledged: a busy machine acknowledges fewer
    // in a given time), then pull the plug while requests are in flight.
    const loaded = Date.now() + 1500;
    const patience = Date.now() + 30_000;
    while ((Date.now() < loaded || acknowledged.length < 150) && Date.now() < patience)
      await new Promise((resolve) => setTimeout(resolve, 50));
    first.proc.kill('SIGKILL');
    await first.stop();
    killed = true;
    await Promise.all(senders);
    agent.destroy();
    expect(acknowledged.length).toBeGreaterThan(100);

    const second = await startServe({ dataDir });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const stats = await rpc(second, 'queue.stats');
      if (stats.depth === 0) break;
      if (Date.now() > deadline)
        throw new Error(`queue not drained: ${JSON.stringify(stats)}\n${second.stderr()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await second.stop('SIGTERM')).toBe(0);

    const sqlite = new Database(path.join(dataDir, 'faultline.sqlite'), { readonly: true });
    const stored = new Set(
      sqlite
        .prepare<[], { event_id: string }>('SELECT event_id FROM events')
        .pluck()
        .all() as unknown as string[],
    );
    sqlite.close();
    const missingInSqlite = acknowledged.filter((id) => !stored.has(id));
    expect(missingInSqlite).toEqual([]);

    const instance = await DuckDBInstance.create(path.join(dataDir, 'events.duckdb'), {
      access_mode: 'READ_ONLY',
    });
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(
      `SELECT replace(event_id::VARCHAR, '-', '') AS id, count(*) AS n FROM errors WHERE deleted = 0 GROUP BY 1`,
    );
    const counts = new Map(reader.getRowsJS().map(([id, n]) => [String(id), Number(n)]));
    connection.closeSync();
    instance.closeSync();
    expect(acknowledged.filter((id) => counts.get(id) !== 1)).toEqual([]);
    console.log(
      `crash recovery: ${acknowledged.length} acknowledged events, all stored once after kill -9 and restart`,
    );
  },
  120_000,
);
