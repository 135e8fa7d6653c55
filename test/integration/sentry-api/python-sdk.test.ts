/**
 * Sentry's web API on events of the real Python sentry-sdk (Debian's 1.9): what a tool reading
 * `/api/0/` gets of a logged exception and a captured message, compared with Sentry's serializers.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { startCore } from '../../support/core.ts';
import { PYTHON, pythonSdkMissing } from '../../support/python.ts';
import { tempDir } from '../../support/serve.ts';
import { sentryApiClient } from './api-client.ts';

const run = promisify(execFile);
const FIXTURE = path.join(import.meta.dirname, '..', 'pipeline', 'fixtures', 'python-events.py');

type Json = Record<string, unknown>;

const noPython = pythonSdkMissing();
if (noPython) console.warn(`[Sentry API on Python SDK events] skipped: ${noPython}`);

let core: Core;
let loggedId: string;
let messageId: string;
const api = sentryApiClient(() => core);

async function getJson(pathname: string): Promise<Json> {
  const reply = await api(pathname);
  expect(reply.status).toBe(200);
  return reply.json as Json;
}

beforeAll(async () => {
  if (noPython) return;
  core = await startCore(tempDir(), { httpRpc: true });
  const dsn = core.ctx.projects.defaultDsn(1) ?? '';
  const { stdout } = await run(PYTHON, [FIXTURE, dsn, 'api'], { timeout: 30_000 });
  [loggedId, messageId] = stdout.trim().split('\n') as [string, string];
  await core.ctx.pipeline.call('pipeline.drain', {});
}, 60_000);
afterAll(() => core?.close());

describe.skipIf(noPython !== undefined)("Sentry's web API on Python SDK events", () => {
  it('a logged exception’s entries come in Sentry’s order, the message (with its template and params) before the exception', async () => {
    const event = await getJson(`/api/0/projects/faultline/default/events/${loggedId}/`);
    const entries = event.entries as { type: string; data: Json }[];
    expect(entries.map((entry) => entry.type)).toEqual(['message', 'exception', 'breadcrumbs']);
    expect(entries[0]!.data).toEqual({
      formatted: 'Lookup of sku-9 failed',
      message: 'Lookup of %s failed',
      params: ['sku-9'],
    });
  });

  it('a captured message’s entry has only its text, as Sentry leaves out a template and params it does not have', async () => {
    const event = await getJson(`/api/0/projects/faultline/default/events/${messageId}/`);
    const entries = event.entries as { type: string; data: Json }[];
    expect(entries.find((entry) => entry.type === 'message')!.data).toEqual({
      formatted: 'nightly export finished',
    });
  });

  it('a context set with set_context is served with type default; long numbers in it as strings', async () => {
    const event = await getJson(`/api/0/projects/faultline/default/events/${loggedId}/`);
    const contexts = event.contexts as Record<string, Json>;
    expect(contexts.order).toEqual({
      id: 17,
      card_bin: '1234567890123456',
      total: '0.30000000000000004',
      type: 'default',
    });
    expect(contexts.runtime).toMatchObject({ name: 'CPython', type: 'runtime' });
    expect(contexts.trace).toMatchObject({ type: 'trace' });
  });

  it('an issue’s metadata is the whole of its event’s: a message’s title, an error’s in-app frame mix, the SDK', async () => {
    const sdk = { name: 'sentry.python', name_normalized: 'sentry.python' };
    const logged = await getJson(`/api/0/projects/faultline/default/events/${loggedId}/`);
    const error = await getJson(`/api/0/issues/${String(logged.groupID)}/`);
    expect(error.metadata).toEqual({
      type: 'KeyError',
      value: "'sku-9'",
      filename: 'python-events.py',
      function: '<module>',
      in_app_frame_mix: 'in-app-only',
      sdk,
    });
    const message = await getJson(`/api/0/projects/faultline/default/events/${messageId}/`);
    const issue = await getJson(`/api/0/issues/${String(message.groupID)}/`);
    expect(issue.metadata).toEqual({ title: 'nightly export finished', sdk });
    const stream = (await api('/api/0/projects/faultline/default/issues/')).json as Json[];
    expect(stream.find((group) => group.id === issue.id)?.metadata).toEqual(issue.metadata);
  });

  it('an issue created by a logging event names its logger, as Sentry’s Group.logger; a captured message’s has none', async () => {
    const logged = await getJson(`/api/0/projects/faultline/default/events/${loggedId}/`);
    expect((await getJson(`/api/0/issues/${String(logged.groupID)}/`)).logger).toBe('shop.orders');
    const message = await getJson(`/api/0/projects/faultline/default/events/${messageId}/`);
    expect((await getJson(`/api/0/issues/${String(message.groupID)}/`)).logger).toBeNull();
    const stream = (await api('/api/0/projects/faultline/default/issues/')).json as Json[];
    expect(stream.find((group) => group.id === String(logged.groupID))?.logger).toBe('shop.orders');
  });
});
