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
import { tempDir } from '../../support/serve.ts';

const run = promisify(execFile);
const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'python-events.py');
const LOCATIONS_FIXTURE = path.join(import.meta.dirname, 'fixtures', 'python-frame-locations.py');

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

/** Runs a scenario of python-frame-locations.py (which writes what it needs into a scratch dir). */
async function sendLocations(scenario: string): Promise<string> {
  const { stdout } = await run(PYTHON, [LOCATIONS_FIXTURE, dsn, scenario, tempDir()], { timeout: 60_000 });
  await core.ctx.pipeline.call('pipeline.drain', {});
  return stdout.trim().split('\n').filter(Boolean)[0]!;
}

type Frame = { module?: string; function?: string; in_app?: boolean; data?: Record<string, unknown> };

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

  it('logging templates are formatted as Relay formats them: Python placeholders by dynfmt’s rules (flags and precision not applied), curly ones by position', async () => {
    const ids = await send('log-formats');
    const formatted = await Promise.all(
      ids.map(async (id) => (await eventDetail(id)).event.logentry as Record<string, unknown>),
    );
    expect(formatted.map((logentry) => [logentry.formatted, logentry.message])).toEqual([
      ['user bob failed 3 times', 'user %(name)s failed %(n)d times'],
      ['rate 12.3456% over 5', 'rate %.2f%% over %d'],
      ['invoice ff padded 42', 'invoice %x padded %05d'],
      // A None argument is no value to Relay: the template stays unformatted, and is the message.
      ['value %r and %s', undefined],
      ['Order 17 shipped to alice', 'Order {} shipped to {}'],
      ['Job sync retried, sync again', 'Job {0} retried, {0} again'],
    ]);
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

describe.skipIf(noPython !== undefined)(
  'frames of the Python SDK under Sentry’s 2026 stack trace rules',
  () => {
    it('a standard library outside Debian’s /usr/lib (uv’s, in ~/.local/share) is out of app, so the culprit is the app’s frame', async () => {
      const id = await sendLocations('uv-python');
      const { event } = await eventDetail(id);
      const frames = (event.exception as { values: { stacktrace: { frames: Frame[] } }[] }).values[0]!
        .stacktrace.frames;
      // The SDK sent every frame in app; Sentry's `path:**/.local/share/** -app` takes the library's out.
      expect(frames.map((frame) => [frame.module, frame.function, frame.in_app])).toEqual([
        ['__main__', '<module>', true],
        ['__main__', 'read_settings', true],
        ['fakejson.decoder', 'decode', false],
        ['fakejson.decoder', 'scan', false],
      ]);
      expect(frames[3]!.data).toEqual({ orig_in_app: 1 });
      expect(event).toMatchObject({
        culprit: '__main__ in read_settings',
        metadata: {
          function: 'read_settings',
          filename: 'python-frame-locations.py',
          in_app_frame_mix: 'mixed',
        },
      });
    });

    it('a frame of New Relic’s Python agent between the app’s frames is out of app and left out of every hash', async () => {
      const id = await sendLocations('newrelic');
      const { event } = await eventDetail(id);
      const frames = (event.exception as { values: { stacktrace: { frames: Frame[] } }[] }).values[0]!
        .stacktrace.frames;
      expect(frames.map((frame) => [frame.function, frame.in_app])).toEqual([
        ['<module>', true],
        ['wrapper', false],
        ['read_settings', true],
      ]);
      const grouping = await callApi(core, 'events.grouping', { projectId: 1, eventId: id });
      const frameComponents: { contributes: boolean; hint: string | null }[] = [];
      const collect = (component: unknown) => {
        if (typeof component !== 'object' || component === null) return;
        const { id: kind, values } = component as { id?: string; values?: unknown[] };
        if (kind === 'frame') frameComponents.push(component as (typeof frameComponents)[number]);
        for (const value of values ?? []) collect(value);
      };
      collect((grouping.variants.system as { component: unknown }).component);
      expect(frameComponents.map((frame) => frame.contributes)).toEqual([true, false, true]);
      expect(frameComponents[1]!.hint).toContain('path:**/*newrelic*/** -group');
    });

    it('the `<module>` frame of a multiprocessing spawn child is internal; one of other `python -c` code is not', async () => {
      const threadFrames = async (id: string) => {
        const { event } = await eventDetail(id);
        return (event.threads as { values: { stacktrace: { frames: Frame[] } }[] }).values[0]!.stacktrace
          .frames;
      };
      const spawned = await threadFrames(await sendLocations('spawn'));
      expect(spawned[0]).toMatchObject({
        module: '__main__',
        function: '<module>',
        in_app: false,
        data: { category: 'internals', orig_in_app: 1 },
      });
      expect(spawned[1]).toMatchObject({ function: 'spawn_main', in_app: true });

      const oneLiner = await threadFrames(await sendLocations('dash-c'));
      expect(oneLiner[0]).toMatchObject({ module: '__main__', function: '<module>', in_app: true });
      expect(oneLiner[0]).not.toHaveProperty('data');
      expect(oneLiner[1]).toMatchObject({ function: 'report_from_cli', in_app: true });
    });
  },
);
