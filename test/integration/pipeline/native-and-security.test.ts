/**
 * Crash reports and security reports through a real core: the minidump endpoint's upload and a
 * CSP report each become an event on an issue, built as Relay builds them (native-event.ts,
 * security-report.ts), with the dump kept as the event's attachment.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { callApi, startCore } from '../../support/core.ts';
import { multipartBody } from '../../support/http.ts';

const RELAY_FIXTURES = path.resolve(import.meta.dirname, '../../../../shared/corpus/envelopes/relay');

let core: Core;
let key: string;
beforeAll(async () => {
  core = await startCore();
  key = core.ctx.projects.list()[0]?.keys[0]?.publicKey ?? '';
});
afterAll(() => core?.close());

/** A minidump header written `secondsAgo` before now, and some stream bytes. */
/** A dump header whose time is `secondsAgo` before now; returns the dump and that time (Unix seconds). */
function minidump(secondsAgo: number): Buffer & { time: number } {
  const time = Math.floor(Date.now() / 1000) - secondsAgo;
  const header = Buffer.alloc(96, 7);
  header.write('MDMP', 0, 'latin1');
  header.writeUInt32LE(0xa793, 4);
  header.writeUInt32LE(time, 20);
  return Object.assign(header, { time });
}

it('a Crashpad upload becomes a fatal native event with the form fields merged and the dump attached', async () => {
  const boundary = 'crashpad-boundary';
  const dump = minidump(120);
  const reply = await fetch(`${core.url}/api/1/minidump/?sentry_key=${key}`, {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: new Uint8Array(
      multipartBody(boundary, [
        { name: 'sentry', data: JSON.stringify({ release: 'desktop@3.1.0', user: { id: 'u-7' } }) },
        { name: 'sentry[tags][renderer]', data: 'gpu' },
        { name: 'prod', data: 'Electron' },
        { name: 'upload_file_minidump', filename: 'crash.dmp', data: dump },
      ]),
    ),
  });
  expect(reply.status).toBe(200);
  const eventId = (await reply.text()).replaceAll('-', '');
  // A raw dump body too: no fields at all.
  const raw = await fetch(`${core.url}/api/1/minidump/?sentry_key=${key}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: new Uint8Array(minidump(60)),
  });
  expect(raw.status).toBe(200);
  await core.ctx.pipeline.call('pipeline.drain', {});

  const detail = await callApi(core, 'events.get', { projectId: 1, eventId });
  expect(detail.event).toMatchObject({
    platform: 'native',
    level: 'fatal',
    release: 'desktop@3.1.0',
    user: { id: 'u-7' },
    extra: { prod: 'Electron' },
    // Sentry leaves a synthetic exception's type out of the title: no stack, no function.
    title: '<unknown>',
    exception: { values: [{ type: 'Minidump', value: 'Invalid Minidump' }] },
  });
  expect(detail.tags).toContainEqual(['renderer', 'gpu']);
  // The dump's own time, not the time it was received.
  expect(Date.parse(detail.timestamp) / 1000).toBe(dump.time);
  expect(detail.attachments.map((a) => a.name)).toEqual(['crash.dmp']);

  const rawDetail = await callApi(core, 'events.get', {
    projectId: 1,
    eventId: (await raw.text()).replaceAll('-', ''),
  });
  // Without symbolication every dump has the same placeholder: one issue for both.
  expect(rawDetail.groupId).toBe(detail.groupId);
  const issue = await callApi(core, 'issues.get', { groupId: detail.groupId! });
  expect(issue).toMatchObject({ title: '<unknown>', level: 'fatal' });
});

const hasFixture = fs.existsSync(path.join(RELAY_FIXTURES, 'csp.input.json'));
if (!hasFixture) console.warn(`[pipeline tests] ${RELAY_FIXTURES} missing: the CSP report test is skipped`);

it.skipIf(!hasFixture)("a CSP report becomes a csp event as Relay's fixture output shows", async () => {
  const reply = await fetch(
    `${core.url}/api/1/security/?sentry_key=${key}&sentry_release=01d5c3165d9fbc5c8bdcf9550a1d6793a80fc02b&sentry_environment=production`,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/csp-report',
        'user-agent':
          'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/74.0.3729.169 Safari/537.36',
      },
      body: new Uint8Array(fs.readFileSync(path.join(RELAY_FIXTURES, 'csp.input.json'))),
    },
  );
  expect(reply.status).toBe(200);
  await core.ctx.pipeline.call('pipeline.drain', {});
  const expected = JSON.parse(
    fs.readFileSync(path.join(RELAY_FIXTURES, 'csp.no_processing.output.json'), 'utf8'),
  );
  const list = await callApi(core, 'issues.list', { projectId: 1, query: 'is:unresolved' });
  const issue = list.issues.find((i) => i.title === expected.logentry.formatted);
  expect(issue, JSON.stringify(list.issues.map((i) => i.title))).toBeDefined();
  const detail = await callApi(core, 'events.get', { groupId: issue!.id, eventId: 'latest' });
  for (const field of ['type', 'csp', 'culprit', 'logentry', 'logger', 'release', 'environment'])
    expect(detail.event[field], field).toEqual(expected[field]);
  // Sentry adds `sentry_user` after Relay: the fixture is Relay's output.
  expect(detail.event.user).toMatchObject(expected.user);
  expect(detail.event.tags).toEqual(expect.arrayContaining(expected.tags));
  expect(detail.event.contexts).toMatchObject(expected.contexts);
});

it('a Reporting API report other than CSP is filtered as invalid-csp; a report of no known kind is invalid', async () => {
  const post = (body: unknown) =>
    fetch(`${core.url}/api/1/security/?sentry_key=${key}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  expect((await post({ type: 'deprecation', url: 'https://example.com/', body: { id: 'x' } })).status).toBe(
    200,
  );
  expect((await post({ hello: 'world' })).status).toBe(200);
  await core.ctx.pipeline.call('pipeline.drain', {});
  const outcomes = core.ctx.outcomes.list().filter((row) => row.category === 'security');
  expect(outcomes).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ outcome: 'filtered', reason: 'invalid-csp', quantity: 1 }),
      expect.objectContaining({ outcome: 'invalid', reason: 'security_report_type', quantity: 1 }),
    ]),
  );
});
