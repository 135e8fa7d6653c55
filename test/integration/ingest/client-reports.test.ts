/**
 * How old a client report may be (Relay's `services/processor/report.rs`): reports older than the
 * project's event retention are ignored, so with a 90-day retention a 45-day-old report counts,
 * and with the default 30 days a 31-day-old one does not.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { callApi } from '../../support/core.ts';
import { envelopeUrl, outcomeTotals, request, startServer, type TestServer } from './helpers.ts';

const DAY_MS = 24 * 3600 * 1000;

const servers: TestServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

function reportEnvelope(ageDays: number, quantity: number): string {
  const report = JSON.stringify({
    timestamp: (Date.now() - ageDays * DAY_MS) / 1000,
    discarded_events: [{ reason: 'network_error', category: 'error', quantity }],
  });
  return `{}\n{"type":"client_report"}\n${report}`;
}

describe('client report age', () => {
  it('counts reports as old as the event retention, and ignores older ones', async () => {
    const server = await startServer();
    servers.push(server);
    expect((await request(envelopeUrl(server), reportEnvelope(29, 1))).status).toBe(200);
    expect((await request(envelopeUrl(server), reportEnvelope(31, 10))).status).toBe(200);
    expect(await outcomeTotals(server)).toEqual({ 'client_discard error:network_error': 1 });

    await callApi(server.core, 'settings.update', { retentionDays: 90 });
    // The ingest project cache reads settings again after a second at most.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await request(envelopeUrl(server), reportEnvelope(45, 100))).status).toBe(200);
    expect((await request(envelopeUrl(server), reportEnvelope(91, 1000))).status).toBe(200);
    expect(await outcomeTotals(server)).toEqual({ 'client_discard error:network_error': 101 });
  });
});
