/**
 * Container items (logs, trace metrics, v2 spans) as the SDKs send them, and with an `item_count`
 * that does not match their items: Relay drops those as invalid (spec §6.5, §10).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { listOutcomes } from '../../../src-main/core/store/outcomes.ts';
import { coreForEachTest, sendEnvelope } from '../../support/core.ts';

// SDK captures shipped with the project (resources/sample-envelopes/containers), so this runs in any clone.
const CAPTURES = path.resolve(import.meta.dirname, '../../../resources/sample-envelopes/containers');

const CONTAINERS = [
  { file: 'node-v11-log.envelope', category: 'log_item', reason: 'invalid_log' },
  { file: 'node-v11-trace-metric.envelope', category: 'trace_metric', reason: 'invalid_trace_metric' },
  { file: 'node-v11-span-v2-streamed-transaction.envelope', category: 'span', reason: 'invalid_span' },
];

interface Capture {
  /** The envelope with the container's item header rewritten by `header`. */
  body(header?: (h: Record<string, unknown>) => void): string;
  /** How many items the container's payload holds. */
  items: number;
}

/** A captured envelope whose second line is the container's item header and third its payload. */
function capture(file: string): Capture {
  const lines = fs.readFileSync(path.join(CAPTURES, file), 'utf8').split('\n');
  const payload = JSON.parse(lines[2] ?? '{}') as { items: unknown[] };
  return {
    items: payload.items.length,
    body(header) {
      const h = JSON.parse(lines[1] ?? '{}') as Record<string, unknown>;
      header?.(h);
      return [lines[0], JSON.stringify(h), ...lines.slice(2)].join('\n');
    },
  };
}

/** Outcome quantities of one category, by `outcome` or `outcome:reason`. */
function outcomesOf(core: Core, category: string): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const row of listOutcomes(core.ctx.db)) {
    if (row.category !== category) continue;
    const key = row.reason ? `${row.outcome}:${row.reason}` : row.outcome;
    totals[key] = (totals[key] ?? 0) + row.quantity;
  }
  return totals;
}

const storedItems = (core: Core): number =>
  (core.ctx.db.prepare('SELECT count(*) AS n FROM item_store').get() as { n: number }).n;

describe('container items', () => {
  const start = coreForEachTest();

  for (const { file, category, reason } of CONTAINERS) {
    it(`a ${file} container as captured counts each of its items as accepted`, async () => {
      const core = await start();
      const sent = capture(file);
      expect(sent.items).toBeGreaterThan(0);
      await sendEnvelope(core, sent.body());
      expect(outcomesOf(core, category)).toEqual({ accepted: sent.items });
      expect(storedItems(core)).toBe(1);
    });

    it(`a ${file} container whose item_count is not its number of items is dropped as ${reason}`, async () => {
      const core = await start();
      const sent = capture(file);
      await sendEnvelope(
        core,
        sent.body((h) => {
          h.item_count = sent.items + 1;
        }),
      );
      await sendEnvelope(
        core,
        sent.body((h) => {
          delete h.item_count;
        }),
      );
      // Counted as the envelope declared them (Relay's `Item::quantities`): item_count, else 1.
      expect(outcomesOf(core, category)).toEqual({ [`invalid:${reason}`]: sent.items + 1 + 1 });
      expect(storedItems(core)).toBe(0);
    });
  }
});
