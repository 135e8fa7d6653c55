/**
 * Relay's cron monitor endpoint (`endpoints/monitor.rs`), as Sentry's "cURL" check-in guide uses
 * it: `GET|POST /api/<pid>/cron/<slug>/<key>/?status=…` or the key from the request, or a JSON
 * check-in body. Each request becomes a `check_in` item stored as one an SDK sends, and is answered
 * 202 with no body, even past a rate limit; a request Relay cannot read is refused in plain text and
 * counts nowhere.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { decodeNode } from '../../../src-main/core/store/nodestore.ts';
import { outcomeTotals, queuedRows, startServer, type TestServer } from './helpers.ts';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function start(): Promise<TestServer> {
  const server = await startServer();
  servers.push(server);
  return server;
}

async function storedCheckIns(server: TestServer): Promise<Array<Record<string, unknown>>> {
  await server.core.ctx.pipeline.call('pipeline.drain', {});
  const rows = server.core.ctx.db
    .prepare(`SELECT data FROM item_store WHERE type = 'check_in' ORDER BY id`)
    .all() as Array<{ data: Buffer }>;
  return rows.map((row) => (decodeNode(row.data) as { body: Record<string, unknown> }).body);
}

const CHECK_IN_ID = 'a460c25f-f255-4577-b920-fcfacae4e5eb';

describe('cron check-ins over HTTP', () => {
  it('GET with the key in the path and the check-in in the query is stored and answered 202', async () => {
    const server = await start();
    const base = `${server.core.url}/api/1/cron/nightly-report/${server.publicKey}/`;
    const started = await fetch(`${base}?status=in_progress&check_in_id=${CHECK_IN_ID}&environment=prod`);
    expect(started.status).toBe(202);
    expect(await started.text()).toBe('');
    expect(started.headers.get('access-control-allow-origin')).toBe('*');
    const done = await fetch(`${base}?status=ok&check_in_id=${CHECK_IN_ID}&duration=12.5`, {
      method: 'POST',
    });
    expect(done.status).toBe(202);

    expect(await storedCheckIns(server)).toEqual([
      {
        check_in_id: CHECK_IN_ID.replaceAll('-', ''),
        monitor_slug: 'nightly-report',
        status: 'in_progress',
        environment: 'prod',
      },
      {
        check_in_id: CHECK_IN_ID.replaceAll('-', ''),
        monitor_slug: 'nightly-report',
        status: 'ok',
        duration: 12.5,
      },
    ]);
    expect(await outcomeTotals(server)).toEqual({ 'accepted monitor': 2 });
    // Relay names its HTTP endpoint as the client when the request names none.
    expect(queuedRows(server).map((row) => row.sentryClient)).toEqual(['relay-http', 'relay-http']);
  });

  it('the key may come from the query or a header; a JSON body is the check-in, its slug the path’s', async () => {
    const server = await start();
    const heartbeat = await fetch(
      `${server.core.url}/api/1/cron/heartbeat?sentry_key=${server.publicKey}&status=ok`,
    );
    expect(heartbeat.status).toBe(202);
    const upsert = await fetch(`${server.core.url}/api/1/cron/backup/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'x-sentry-auth': `Sentry sentry_key=${server.publicKey}, sentry_version=7, sentry_client=curl/8.0`,
      },
      body: JSON.stringify({
        monitor_slug: 'ignored',
        status: 'error',
        duration: 3,
        monitor_config: { schedule: { type: 'crontab', value: '0 * * * *' }, checkin_margin: 5 },
        extra_field: 'dropped as Relay re-serializes the check-in',
      }),
    });
    expect(upsert.status).toBe(202);

    expect(await storedCheckIns(server)).toEqual([
      { check_in_id: '0'.repeat(32), monitor_slug: 'heartbeat', status: 'ok' },
      {
        check_in_id: '0'.repeat(32),
        monitor_slug: 'backup',
        status: 'error',
        duration: 3,
        monitor_config: { schedule: { type: 'crontab', value: '0 * * * *' }, checkin_margin: 5 },
      },
    ]);
    expect(queuedRows(server).map((row) => row.sentryClient)).toEqual(['relay-http', 'curl/8.0']);
  });

  it('the slug is percent-decoded and processed as an SDK’s (cut to 50, unknown status → unknown)', async () => {
    const server = await start();
    const long = 'x'.repeat(60);
    for (const [slug, status] of [
      ['my%20job', 'missed'],
      [long, 'weird'],
    ]) {
      const reply = await fetch(`${server.core.url}/api/1/cron/${slug}/${server.publicKey}?status=${status}`);
      expect(reply.status).toBe(202);
    }
    const stored = (await storedCheckIns(server)).map(({ monitor_slug, status }) => ({
      monitor_slug,
      status,
    }));
    expect(stored).toEqual([
      { monitor_slug: 'my job', status: 'unknown' },
      { monitor_slug: 'x'.repeat(50), status: 'unknown' },
    ]);
  });

  it('a request Relay cannot read is refused in plain text, queues nothing and counts nowhere', async () => {
    const server = await start();
    const url = (query: string) => `${server.core.url}/api/1/cron/job/${server.publicKey}/?${query}`;
    const cases: Array<[string, RequestInit | undefined, number, string]> = [
      [url('environment=prod'), undefined, 400, 'missing field `status`'],
      [url('status=ok&status=error'), undefined, 400, 'duplicate field `status`'],
      [url('status=ok&check_in_id=nope'), undefined, 400, 'check_in_id'],
      [url('status=ok&duration=long'), undefined, 400, 'duration'],
      [
        url(''),
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"status":' },
        400,
        'Failed to parse the request body as JSON',
      ],
      [
        url(''),
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"status":5}' },
        422,
        'Failed to deserialize the JSON body',
      ],
    ];
    for (const [target, init, status, text] of cases) {
      const reply = await fetch(target, init);
      expect(reply.status, target).toBe(status);
      expect(reply.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await reply.text()).toContain(text);
    }
    expect(queuedRows(server)).toEqual([]);
    expect(await outcomeTotals(server)).toEqual({});
  });

  it('without a key, with two keys, an unknown key or another method the request is refused', async () => {
    const server = await start();
    const base = `${server.core.url}/api/1/cron/job`;
    expect((await fetch(`${base}/?status=ok`)).status).toBe(401);
    expect(
      (await fetch(`${base}/${server.publicKey}/?status=ok&sentry_key=${server.publicKey}`)).status,
    ).toBe(401);
    expect((await fetch(`${base}/${'f'.repeat(32)}/?status=ok`)).status).toBe(403);
    expect((await fetch(`${server.core.url}/api/2/cron/job/${server.publicKey}/?status=ok`)).status).toBe(
      403,
    );
    expect((await fetch(`${base}/${server.publicKey}/?status=ok`, { method: 'PUT' })).status).toBe(405);
    expect(queuedRows(server)).toEqual([]);
  });

  it('past the project’s rate limit the answer is still 202, and the refusal is counted', async () => {
    const server = await start();
    server.core.ctx.db
      .prepare('UPDATE projects SET options = ? WHERE id = 1')
      .run(JSON.stringify({ rateLimit: { window: 3600, limit: 1, categories: ['monitor'] } }));
    const url = `${server.core.url}/api/1/cron/job/${server.publicKey}/?status=ok`;
    expect((await fetch(url)).status).toBe(202);
    const limited = await fetch(url);
    expect(limited.status).toBe(202);
    expect(limited.headers.get('retry-after')).toBeNull();
    expect(await outcomeTotals(server)).toEqual({
      'accepted monitor': 1,
      'rate_limited monitor:project_quota': 1,
    });
  });
});
