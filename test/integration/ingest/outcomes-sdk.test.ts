/**
 * Outcomes of a known mix from the real @sentry/node 11 SDK, read back as a user reads them
 * (`outcomes.list`, and the SnQL `outcomes` entity): every data category counted as Relay counts
 * it (`Item::quantities`), accepted items the same way as refused ones.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnqlResponse } from '../../../src-shared/snql-api.ts';
import { callApi } from '../../support/core.ts';
import { outcomeTotals, queuedEnvelopes, runChild, startServer, type TestServer } from './helpers.ts';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'node-sdk-mix.ts');

describe('outcomes of what @sentry/node sends', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('count every category as Relay does: messages as errors, attachment bytes and items, log items and bytes, a transaction’s spans, feedback', async () => {
    const result = await runChild(process.execPath, [FIXTURE, server.dsn]);
    expect(result.code, result.stderr).toBe(0);
    const logItem = queuedEnvelopes(server)
      .flatMap(({ envelope }) => envelope.items)
      .find((item) => item.headers.type === 'log');
    expect(logItem).toBeDefined();

    expect(await outcomeTotals(server)).toEqual({
      'accepted error': 4,
      'accepted attachment': 7,
      'accepted attachment_item': 1,
      'accepted transaction': 1,
      // The transaction's own span and its two child spans.
      'accepted span': 3,
      'accepted log_item': 3,
      'accepted log_byte': logItem!.payload.length,
      'accepted trace_metric': 1,
      'accepted session': 1,
      'accepted feedback': 1,
      'accepted monitor': 1,
      'client_discard error:before_send': 1,
    });
  });

  it('gives the SnQL outcomes entity Relay’s category ids, feedback (14) and trace_metric (33) included', async () => {
    const from = new Date(Date.now() - 3 * 3600_000).toISOString().slice(0, 19);
    const to = new Date(Date.now() + 3600_000).toISOString().slice(0, 19);
    const response: SnqlResponse = await callApi(server.core, 'snql.query', {
      query: `MATCH (outcomes) SELECT sum(quantity) AS q BY category WHERE org_id = 1 AND project_id = 1 AND outcome = 0 AND timestamp >= toDateTime('${from}') AND timestamp < toDateTime('${to}') ORDER BY category ASC`,
    });
    if ('error' in response) throw new Error(response.error.message);
    const byCategory = Object.fromEntries(response.data.map((row) => [row.category, Number(row.q)]));
    expect(byCategory).toMatchObject({ 1: 4, 2: 1, 4: 7, 5: 1, 10: 1, 12: 3, 14: 1, 22: 1, 23: 3, 33: 1 });
    expect(byCategory[0]).toBeUndefined();
  });
});
