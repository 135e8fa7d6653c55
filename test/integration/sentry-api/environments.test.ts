/**
 * Environments as Sentry keeps them, on a real core fed by real clients: errors sent to the store
 * endpoint (project 1 in `production`, project 2 in `qa`), transactions from the real @sentry/node 11
 * SDK as `transaction` items (`txn-only`) and as streamed spans (`stream-only`), a cron check-in over
 * HTTP without an environment (Sentry's monitors put it in `production`) and one in `nightly`. A log
 * naming `logs-only` creates none, as in Sentry. Read through the API (`environments.list`,
 * `issues.environments`), Sentry's environments endpoints and the environment check of the events
 * endpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { callApi, sendEnvelope, startCore, storeEvents } from '../../support/core.ts';
import { tempDir } from '../../support/serve.ts';
import { type SentTransaction, sendTransactionsWithSdk } from '../../support/transactions.ts';
import { sentryApiClient } from './api-client.ts';

let core: Core;
const api = sentryApiClient(() => core);

const checkout: SentTransaction = {
  name: 'GET /checkout',
  op: 'http.server',
  ms: 5,
  children: [{ name: 'SELECT 1', op: 'db', ms: 5 }],
};

async function storeInProject(projectId: number, event: object): Promise<void> {
  const project = core.ctx.projects.get(projectId);
  const key = project?.keys[0]?.publicKey;
  const reply = await fetch(`${core.url}/api/${projectId}/store/?sentry_key=${key}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(event),
  });
  expect(reply.status).toBe(200);
}

beforeAll(async () => {
  core = await startCore(tempDir(), { httpRpc: true });
  const dsn = core.ctx.projects.defaultDsn(1) ?? '';
  await storeEvents(core, [{ message: 'checkout failed', environment: 'production' }]);
  const second = await callApi(core, 'projects.create', { name: 'Second', slug: 'second' });
  await storeInProject(second.id, { message: 'qa failure', environment: 'qa' });
  await sendTransactionsWithSdk(dsn, 'static', [checkout], 'txn-only');
  await sendTransactionsWithSdk(dsn, 'stream', [checkout], 'stream-only');
  const key = core.ctx.projects.get(1)?.keys[0]?.publicKey;
  for (const query of ['status=ok', 'status=ok&environment=nightly']) {
    const reply = await fetch(`${core.url}/api/1/cron/backup/${key}/?${query}`);
    expect(reply.status).toBe(202);
  }
  const log = {
    timestamp: Date.now() / 1000,
    trace_id: '0123456789abcdef0123456789abcdef',
    level: 'info',
    body: 'a log line',
    attributes: { 'sentry.environment': { type: 'string', value: 'logs-only' } },
  };
  const items = JSON.stringify({ items: [log] });
  await sendEnvelope(
    core,
    `{}\n${JSON.stringify({ type: 'log', item_count: 1, content_type: 'application/vnd.sentry.items.log+json' })}\n${items}\n`,
  );
  await core.ctx.pipeline.call('pipeline.drain', {});
}, 90_000);
afterAll(() => core?.close());

describe('the environments the pipeline keeps', () => {
  it("lists each project's environments named by its errors, transactions, streamed spans and check-ins, not its logs", async () => {
    expect(await callApi(core, 'issues.environments', { projectId: 1 })).toEqual([
      'nightly',
      'production',
      'stream-only',
      'txn-only',
    ]);
    expect(await callApi(core, 'issues.environments', { projectId: 2 })).toEqual(['qa']);
    // The log was stored: it is on the Logs page, its environment in no list.
    const logs = await callApi(core, 'logs.list', { projectId: 1, query: 'environment:logs-only' });
    expect(logs.logs.map((log) => log.body)).toEqual(['a log line']);
  });

  it('lists the union over the projects given, and every project’s with none given', async () => {
    expect(await callApi(core, 'environments.list', { projectIds: [2] })).toEqual(['qa']);
    const all = ['nightly', 'production', 'qa', 'stream-only', 'txn-only'];
    expect(await callApi(core, 'environments.list', { projectIds: [1, 2] })).toEqual(all);
    expect(await callApi(core, 'environments.list', {})).toEqual(all);
    await expect(callApi(core, 'environments.list', { projectIds: [99] })).rejects.toMatchObject({
      type: 'not_found',
    });
  });
});

describe("Sentry's environments endpoints", () => {
  it('lists the organization’s environments as Sentry’s serializer gives them, narrowed by project', async () => {
    const reply = await api('/api/0/organizations/faultline/environments/');
    expect(reply.status, reply.body).toBe(200);
    const rows = reply.json as Array<{ id: string; name: string }>;
    expect(rows.map((row) => row.name)).toEqual(['nightly', 'production', 'qa', 'stream-only', 'txn-only']);
    for (const row of rows) expect(Object.keys(row).sort()).toEqual(['id', 'name']);
    expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
    const second = await api('/api/0/organizations/faultline/environments/?project=2');
    expect((second.json as Array<{ name: string }>).map((row) => row.name)).toEqual(['qa']);
    expect((await api('/api/0/organizations/faultline/environments/?project=99')).status).toBe(403);
    expect((await api('/api/0/organizations/nope/environments/')).status).toBe(404);
  });

  it('hides a project’s environment with PUT isHidden, and lists by visibility', async () => {
    const project = '/api/0/projects/faultline/default/environments/';
    const listed = await api(project);
    expect(listed.status, listed.body).toBe(200);
    expect(listed.json).toEqual(
      ['nightly', 'production', 'stream-only', 'txn-only'].map((name) => ({
        id: expect.stringMatching(/^\d+$/),
        name,
        isHidden: false,
      })),
    );

    const hidden = await api(`${project}nightly/`, { method: 'PUT', body: { isHidden: true } });
    expect(hidden.status, hidden.body).toBe(200);
    expect(hidden.json).toMatchObject({ name: 'nightly', isHidden: true });
    expect((await api(`${project}nightly/`)).json).toMatchObject({ name: 'nightly', isHidden: true });

    const names = async (visibility: string) =>
      ((await api(`${project}?visibility=${visibility}`)).json as Array<{ name: string }>).map(
        (row) => row.name,
      );
    expect(await names('visible')).toEqual(['production', 'stream-only', 'txn-only']);
    expect(await names('hidden')).toEqual(['nightly']);
    expect(await names('all')).toEqual(['nightly', 'production', 'stream-only', 'txn-only']);
    const organization = await api('/api/0/organizations/faultline/environments/?visibility=hidden');
    expect((organization.json as Array<{ name: string }>).map((row) => row.name)).toEqual(['nightly']);
    // The project's details list the visible ones, as Sentry's project serializer does.
    const details = await api('/api/0/projects/faultline/default/');
    expect((details.json as { environments: string[] }).environments).toEqual([
      'production',
      'stream-only',
      'txn-only',
    ]);
    // The selectors leave it out; a search may still name it.
    expect(await callApi(core, 'issues.environments', { projectId: 1 })).not.toContain('nightly');
    expect((await api('/api/0/organizations/faultline/events/?field=id&environment=nightly')).status).toBe(
      200,
    );

    const shown = await api(`${project}nightly/`, { method: 'PUT', body: { isHidden: 'false' } });
    expect(shown.json).toMatchObject({ name: 'nightly', isHidden: false });
    expect(await names('visible')).toContain('nightly');
  });

  it('refuses what Sentry refuses: an unknown visibility, a non-boolean isHidden, an environment the project lacks', async () => {
    const bad = await api('/api/0/projects/faultline/default/environments/?visibility=active');
    expect(bad.status).toBe(400);
    expect((bad.json as { detail: string }).detail).toContain("'visibility'");
    const put = await api('/api/0/projects/faultline/default/environments/production/', {
      method: 'PUT',
      body: { isHidden: 'maybe' },
    });
    expect(put.status).toBe(400);
    expect(put.json).toEqual({ isHidden: ['Must be a valid boolean.'] });
    expect((await api('/api/0/projects/faultline/default/environments/qa/')).status).toBe(404);
    expect((await api('/api/0/projects/faultline/default/environments/none/')).status).toBe(404);
  });
});

describe('the environment check of the events endpoint', () => {
  const events = (dataset: string, environment: string) =>
    api(
      `/api/0/organizations/faultline/events/?dataset=${dataset}&field=id&field=environment&project=1&statsPeriod=24h&environment=${environment}`,
    );

  it('answers the transactions dataset in an environment only transactions named, with those rows', async () => {
    const reply = await events('transactions', 'txn-only');
    expect(reply.status, reply.body).toBe(200);
    const rows = (reply.json as { data: Array<{ environment: string }> }).data;
    expect(rows.length).toBe(1);
    expect(rows.map((row) => row.environment)).toEqual(['txn-only']);
    const streamed = await events('transactions', 'stream-only');
    expect(streamed.status, streamed.body).toBe(200);
    expect(
      (streamed.json as { data: Array<{ environment: string }> }).data.map((row) => row.environment),
    ).toEqual(['stream-only']);
  });

  it('answers an environment no event, transaction or check-in named with 404, as Sentry does', async () => {
    expect((await events('transactions', 'logs-only')).status).toBe(404);
    expect((await events('errors', 'nowhere')).status).toBe(404);
    // Known to the organization, an environment narrows the errors too: none of them is in it.
    const errors = await events('errors', 'txn-only');
    expect(errors.status, errors.body).toBe(200);
    expect((errors.json as { data: unknown[] }).data).toEqual([]);
  });
});
