/**
 * What the tests of the events endpoint's `transactions` dataset share: a real core in a temp dir,
 * fed before the file's tests by the real @sentry/node SDK (`transaction` items) and drained, and
 * the endpoint read as Sentry's web API answers it.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { startCore } from '../../support/core.ts';
import { tempDir } from '../../support/serve.ts';
import { type SentTransaction, sendTransactionsWithSdk } from '../../support/transactions.ts';
import { sentryApiClient } from './api-client.ts';

export interface EventsTable {
  data: Array<Record<string, unknown>>;
  meta: { fields: Record<string, string>; units: Record<string, string | null> };
}

/** Starts the core and sends `sent` before the file's tests (closing it after); the calls to read it. */
export function withSentTransactions(sent: SentTransaction[]) {
  let core: Core | undefined;
  const api = sentryApiClient(() => {
    if (!core) throw new Error('the core is not started yet');
    return core;
  });

  beforeAll(async () => {
    core = await startCore(tempDir(), { httpRpc: true });
    await sendTransactionsWithSdk(core.ctx.projects.defaultDsn(1) ?? '', 'static', sent);
    await core.ctx.pipeline.call('pipeline.drain', {});
  }, 90_000);
  afterAll(() => core?.close());

  /** `GET /organizations/{org}/events/?dataset=transactions` of project 1 with these fields. */
  const events = (fields: string[], params: Record<string, string> = {}) => {
    const search = new URLSearchParams({ dataset: 'transactions', per_page: '50', project: '1', ...params });
    for (const field of fields) search.append('field', field);
    return api(`/api/0/organizations/faultline/events/?${search}`);
  };

  /** The events' table, which must be answered (200). */
  const table = async (fields: string[], params: Record<string, string> = {}) => {
    const reply = await events(fields, params);
    expect(reply.status, reply.body).toBe(200);
    return reply.json as EventsTable;
  };

  /** Asking `transaction` and each of these fields is refused with a 400 and the `detail` it maps to. */
  const expectRefusals = async (details: Record<string, string>) => {
    for (const [field, detail] of Object.entries(details)) {
      const reply = await events(['transaction', field]);
      expect(reply.status, reply.body).toBe(400);
      expect((reply.json as { detail: string }).detail, field).toBe(detail);
    }
  };

  return { table, expectRefusals };
}
