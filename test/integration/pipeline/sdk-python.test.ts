/**
 * Events of the real Python sentry-sdk (Debian's 1.9: the legacy store endpoint) through a real
 * core, compared with what Relay and Sentry make of them.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { callApi, startCore } from '../../support/core.ts';
import { PYTHON, pythonSdkMissing } from '../../support/python.ts';

const run = promisify(execFile);
const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'python-events.py');

const noPython = pythonSdkMissing();
if (noPython) console.warn(`[python SDK pipeline tests] skipped: ${noPython}`);

let core: Core;
let dsn: string;
beforeAll(async () => {
  if (noPython) return;
  core = await startCore();
  dsn = core.ctx.projects.defaultDsn(1) ?? '';
});
afterAll(() => core?.close());

/** Runs a scenario of the real SDK and waits until the pipeline has processed what it sent. */
async function send(scenario: string): Promise<string[]> {
  const { stdout } = await run(PYTHON, [FIXTURE, dsn, scenario], { timeout: 30_000 });
  await core.ctx.pipeline.call('pipeline.drain', {});
  return stdout.trim().split('\n').filter(Boolean);
}

async function eventDetail(eventId: string) {
  return callApi(core, 'events.get', { projectId: 1, eventId });
}

describe.skipIf(noPython !== undefined)('events of the Python SDK', () => {
  it('a logging error has a logger tag, Sentry’s level tag, and server_name only as a tag', async () => {
    const [id] = await send('logging');
    const detail = await eventDetail(id!);
    const tags = Object.fromEntries(detail.tags);
    expect(tags).toMatchObject({ logger: 'shop.orders', level: 'error', server_name: 'py-host' });
    expect(detail.event).not.toHaveProperty('server_name');
    expect(detail.event).toMatchObject({
      logentry: {
        message: 'Order %s failed for %s',
        params: [17, 'alice'],
        formatted: 'Order 17 failed for alice',
      },
      title: 'Order 17 failed for alice',
      metadata: { title: 'Order 17 failed for alice' },
    });
  });

  it('the SDK’s own trimming of a long message is annotated where Relay puts it: on logentry.formatted', async () => {
    const [id] = await send('long-message');
    const { event } = await eventDetail(id!);
    expect((event.logentry as { formatted: string }).formatted).toHaveLength(1024);
    expect(event._meta).toEqual({
      logentry: { formatted: { '': { len: 2000, rem: [['!limit', 'x', 1021, 1024]] } } },
    });
  });

  it('an event from the future is moved to its receive time, with the SDK and server times', async () => {
    const [id] = await send('future');
    const { event } = await eventDetail(id!);
    expect(event.timestamp).toBe(event.received);
    expect(event.errors).toEqual([
      {
        type: 'future_timestamp',
        name: 'timestamp',
        sdk_time: '2999-01-01T00:00:00+00:00',
        server_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00$/),
      },
    ]);
  });

  it('typed fields sent as null are left out as Relay writes the event; nulls deeper in free-form data stay', async () => {
    const [id] = await send('nulls');
    const { event } = await eventDetail(id!);
    const exception = (event.exception as { values: Record<string, unknown>[] }).values[0];
    expect(exception).toMatchObject({ type: 'LookupError' });
    expect(exception).not.toHaveProperty('module');
    expect(exception).not.toHaveProperty('mechanism');
    // An Object<Value> field drops its own null entries; a Value below keeps them.
    expect(event.extra).not.toHaveProperty('gone');
    expect((event.contexts as Record<string, unknown>).custom).toEqual({ nested: { inner: null } });
    // A breadcrumb's data is declared `skip_serialization = "empty"`: nulls inside it stay.
    const crumbs = (event.breadcrumbs as { values: Record<string, unknown>[] }).values;
    expect(crumbs.find((crumb) => crumb.message === 'step')?.data).toEqual({ kept: null });
  });

  it('a WSGI request is stored as Relay writes it: method in capitals, query string pairs with the token filtered, headers sorted', async () => {
    const [id] = await send('request');
    const { event } = await eventDetail(id!);
    expect(event.request).toEqual({
      url: 'http://shop.test:8080/pay',
      method: 'POST',
      query_string: [
        ['order', '17'],
        ['token', '[Filtered]'],
      ],
      headers: [
        ['Accept', 'text/html'],
        ['Content-Type', 'application/json'],
        ['Host', 'shop.test:8080'],
        ['X-Api-Key', '[Filtered]'],
      ],
      env: { SERVER_NAME: 'shop.test', SERVER_PORT: '8080' },
      inferred_content_type: 'application/json',
    });
  });

  it('users seen counts Sentry’s user identity: id, else username, before email', async () => {
    const ids = await send('users');
    const details = await Promise.all(ids.map(eventDetail));
    expect(details.map((d) => Object.fromEntries(d.tags)['sentry:user'])).toEqual([
      'username:bob',
      'username:bob',
    ]);
    expect(new Set(details.map((d) => d.groupId)).size).toBe(1);
    const issue = await callApi(core, 'issues.get', { groupId: details[0]!.groupId! });
    expect(issue).toMatchObject({ count: 2, userCount: 1 });
  });
});
