/**
 * Environments from v1 standalone spans (`span` items that are one span JSON, as SDKs before span
 * streaming send them), posted to a real core's envelope endpoint. The spans follow Relay's span
 * schema: the environment is in `data` as `sentry.environment` (or the older `environment`, Relay's
 * alias for it). As in Sentry (Relay's segment rule, then its segments consumer's `_create_models`),
 * only a segment span creates one: not a child span, and never an INP or web vital span.
 */
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { callApi, coreForEachTest, sendEnvelope } from '../../support/core.ts';

const start = coreForEachTest();
const id = (bytes: number) => crypto.randomBytes(bytes).toString('hex');

/** A v1 span that lasted 10 ms and ended now, with the fields given. */
function span(fields: Record<string, unknown>): Record<string, unknown> {
  const now = Date.now() / 1000;
  return { trace_id: id(16), span_id: id(8), start_timestamp: now - 0.01, timestamp: now, ...fields };
}

/** One envelope of v1 standalone span items, as `createSpanEnvelope` of SDKs 8 to 10 made them. */
async function sendSpans(core: Core, spans: Array<Record<string, unknown>>): Promise<void> {
  const lines = ['{}'];
  for (const item of spans) lines.push(JSON.stringify({ type: 'span' }), JSON.stringify(item));
  await sendEnvelope(core, `${lines.join('\n')}\n`);
}

const storedSpans = (core: Core) =>
  (core.ctx.db.prepare("SELECT count(*) AS n FROM item_store WHERE type = 'span'").get() as { n: number }).n;

async function environments(core: Core): Promise<string[]> {
  return callApi(core, 'issues.environments', { projectId: 1 });
}

describe('environments from v1 standalone spans', () => {
  it('a segment span names its environment, by `sentry.environment` or the older `environment`', async () => {
    const core = await start();
    // No parent and no segment id: Relay makes it a segment.
    const root = span({ op: 'pageload', data: { 'sentry.environment': 'edge' } });
    // Its segment id is its span id: a segment, though it has a parent in another service.
    const spanId = id(8);
    const continued = span({
      op: 'http.server',
      span_id: spanId,
      segment_id: spanId,
      parent_span_id: id(8),
      data: { environment: 'older-sdk' },
    });
    await sendSpans(core, [root, continued]);
    expect(await environments(core)).toEqual(['edge', 'older-sdk']);
    // Both were stored, each an item of its own.
    expect(storedSpans(core)).toBe(2);
  });

  it('a child span, an INP span and a web vital span name none, whatever their data says', async () => {
    const core = await start();
    const segmentId = id(8);
    await sendSpans(core, [
      // Another span's child: its segment is elsewhere.
      span({
        op: 'db',
        parent_span_id: segmentId,
        segment_id: segmentId,
        data: { 'sentry.environment': 'child' },
      }),
      // Relay never makes these segments, even when they say they are.
      span({ op: 'ui.interaction.click', is_segment: true, data: { 'sentry.environment': 'inp' } }),
      span({ op: 'ui.webvital.cls', data: { 'sentry.environment': 'cls' } }),
      // A segment without an environment: Sentry's nameless one, in no list.
      span({ op: 'pageload' }),
    ]);
    expect(storedSpans(core)).toBe(4);
    expect(await environments(core)).toEqual([]);
    // A span saying it is a segment, with a parent and no segment id, is one (Relay keeps its word).
    await sendSpans(core, [
      span({ op: 'task', parent_span_id: id(8), is_segment: true, data: { 'sentry.environment': 'worker' } }),
    ]);
    expect(await environments(core)).toEqual(['worker']);
  });
});
