/**
 * `GET /issues/{id}/`'s `userReportCount` over real HTTP: the feedback the real @sentry/node SDK's
 * `captureFeedback` sent about the issue's events, of the `environment`s given, as Sentry's group
 * details count it (one read of the issue's feedback, which the issue itself no longer carries).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { sendWithSdk } from '../../e2e/fixtures/send.ts';
import { startCore } from '../../support/core.ts';
import { tempDir } from '../../support/serve.ts';
import { sentryApiClient } from './api-client.ts';

let core: Core;
const api = sentryApiClient(() => core);
let issuePath = '';

beforeAll(async () => {
  core = await startCore(tempDir(), { httpRpc: true });
  const dsn = core.ctx.projects.defaultDsn(1) ?? '';
  const error = (message: string, feedback: string) => ({
    name: 'CartExpired',
    message,
    feedback: [{ message: feedback, name: 'Ada', email: 'ada@example.com' }],
  });
  await sendWithSdk(dsn, {
    environment: 'production',
    errors: [error('cart 1', 'emptied'), error('cart 2', 'lost')],
  });
  await sendWithSdk(dsn, { environment: 'staging', errors: [error('cart 3', 'gone')] });
  await core.ctx.pipeline.call('pipeline.drain', {});
  const issues = (await api('/api/0/organizations/faultline/issues/')).json as Array<{ id: string }>;
  expect(issues).toHaveLength(1);
  issuePath = `/api/0/issues/${issues[0]?.id}/`;
}, 60_000);
afterAll(() => core?.close());

it("counts the issue's user feedback, of the environments given", async () => {
  const count = async (query: string) =>
    ((await api(`${issuePath}${query}`)).json as { userReportCount: number }).userReportCount;
  expect(await count('')).toBe(3);
  expect(await count('?environment=production')).toBe(2);
  expect(await count('?environment=staging')).toBe(1);
});

it('answers a change with the count too', async () => {
  const put = await api(issuePath, { method: 'PUT', body: { status: 'resolved' } });
  expect(put.status).toBe(200);
  expect(put.json).toMatchObject({ status: 'resolved', userReportCount: 3 });
});
