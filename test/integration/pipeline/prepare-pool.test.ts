/**
 * Step 1 on prepare threads (prepare-pool.ts) gives exactly what it gives on the pipeline's own
 * thread: the same grouping, issue attributes, nodestore bytes, `errors` rows, items and invalid
 * payloads, in the rows' order.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_GROUPING_CONFIG } from '../../../src-main/core/grouping/index.ts';
import { prepareRows } from '../../../src-main/core/pipeline/batch-loop.ts';
import type { GroupingPolicy, PreparedEvent } from '../../../src-main/core/pipeline/prepare.ts';
import { prepareBatch, regroupStale } from '../../../src-main/core/pipeline/prepare-batch.ts';
import { PreparePool } from '../../../src-main/core/pipeline/prepare-pool.ts';
import type { PipelineStores } from '../../../src-main/core/pipeline/process-batch.ts';
import { groupingFor } from '../../../src-main/core/pipeline/project-options.ts';
import { errorsLineLayout } from '../../../src-main/core/store/duckdb/errors_json_batch.ts';
import { ERRORS_COLUMNS } from '../../../src-main/core/store/duckdb/schema.ts';
import type { QueuedEnvelope } from '../../../src-main/core/store/queue.ts';

const SAMPLES = path.resolve(import.meta.dirname, '../../../resources/sample-envelopes');
const templates = fs
  .readdirSync(SAMPLES)
  .filter((name) => name.endsWith('.envelope'))
  .map((name) => fs.readFileSync(path.join(SAMPLES, name)));

function row(id: number, envelope: Buffer, projectId = 1): QueuedEnvelope {
  return {
    id,
    projectId,
    keyId: 1,
    route: 'envelope',
    eventId: null,
    receivedAt: Date.parse('2026-11-22T10:00:00Z') + id,
    clientIp: '10.0.0.7',
    userAgent: 'test',
    origin: null,
    sentryClient: 'sentry.javascript.node/11.0.0',
    envelope,
    attempts: 1,
  };
}

const attachment = Buffer.from(
  '{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc"}\n' +
    '{"type":"event"}\n{"message":"with a file","platform":"node"}\n' +
    '{"type":"attachment","length":5,"filename":"a.txt"}\nhello\n',
);
const notJson = Buffer.from('{"event_id":"9ec79c33ec9942ab8353589fcb2e04dd"}\n{"type":"event"}\n{not json\n');

const rows = [
  ...Array.from({ length: 30 }, (_, i) => row(i + 1, templates[i % templates.length] as Buffer, (i % 2) + 1)),
  row(31, attachment),
  row(32, notJson),
];
// Project 2 is in a grouping config transition: both configs' hashes are computed.
const policyFor = (projectId: number): GroupingPolicy =>
  projectId === 2
    ? { config: DEFAULT_GROUPING_CONFIG, secondaryConfig: 'newstyle:2023-01-11' }
    : { config: DEFAULT_GROUPING_CONFIG };

// The errors table's columns as a new event index has them.
const layout = errorsLineLayout(ERRORS_COLUMNS);
const pool = new PreparePool(2, layout);
afterAll(() => pool.close());

/** What a batch holds, as plain comparable data. */
function plain(batch: Awaited<ReturnType<PreparePool['prepare']>>) {
  return {
    prepared: batch.prepared.map(({ row, items, prepared }) => ({
      id: row.id,
      items: {
        headers: items.headers,
        attachments: items.attachments.map((item) => ({
          ...item,
          payload: Buffer.from(item.payload).toString(),
        })),
        others: items.others.map((item) => ({ ...item, payload: Buffer.from(item.payload).toString() })),
      },
      prepared: prepared && { ...prepared, node: Buffer.from(prepared.node).toString('hex') },
    })),
    policies: batch.policies,
    invalid: batch.invalid.map(({ row, reason }) => [row.id, reason]),
  };
}

describe('PreparePool', () => {
  it('prepares a batch on its threads exactly as the pipeline thread does', async () => {
    const index = { errorsColumns: ERRORS_COLUMNS };
    const here = prepareBatch(rows, { group: groupingFor(), policyFor, index } as unknown as PipelineStores);
    const there = await pool.prepare(rows, policyFor);
    expect(there.prepared.map(({ row }) => row)).toEqual(here.prepared.map(({ row }) => row));
    expect(plain(there)).toEqual(plain(here));
    // The comparison covers what matters: events with hashes, secondary hashes, an attachment, an invalid payload.
    expect(here.prepared.filter(({ prepared }) => prepared?.grouping.hashes.length)).toHaveLength(31);
    expect(here.prepared.filter(({ prepared }) => prepared?.secondary)).toHaveLength(15);
    expect(here.prepared.at(-1)?.items.attachments.map((item) => item.payload.toString())).toEqual(['hello']);
    expect(here.invalid.map(({ row, reason }) => [row.id, reason])).toEqual([[32, 'invalid_json']]);
    // The stores take the nodestore entry and payloads as Buffers.
    expect(Buffer.isBuffer(there.prepared[0]?.prepared?.node)).toBe(true);
    expect(Buffer.isBuffer(there.prepared.at(-1)?.items.attachments[0]?.payload)).toBe(true);
  });

  it("with the writing thread's share prepared here, gives the same batch in the rows' order", async () => {
    const index = { errorsColumns: ERRORS_COLUMNS };
    const stores = { group: groupingFor(), policyFor, index, pool } as unknown as PipelineStores;
    const here = prepareBatch(rows, stores);
    const before = pool.writerShare.fraction;
    const mine = pool.writerShare.rowsHere(rows.length);
    // The last rows (the attachment, the invalid payload among them) are this thread's.
    expect(mine).toBeGreaterThanOrEqual(2);
    const joined = await prepareRows(rows, stores);
    expect(joined.rows).toBe(rows);
    expect(plain(joined)).toEqual(plain(here));
    expect(Buffer.isBuffer(joined.prepared[0]?.prepared?.node)).toBe(true);
    // Both sides had rows: the split was measured.
    expect(pool.writerShare.fraction).not.toBe(before);
  });

  it('fails the batches of a thread that dies, and starts a new thread for the next', async () => {
    const running = expect(pool.prepare(rows, policyFor)).rejects.toThrow(/prepare thread exited/);
    expect(pool.workers).toHaveLength(2);
    // As a crash would: from outside, while the threads hold the batch.
    await Promise.all(pool.workers.map((worker) => worker.terminate()));
    await running;
    const again = await pool.prepare(rows, policyFor);
    expect(again.prepared).toHaveLength(31);
    expect(again.invalid).toHaveLength(1);
  });

  it("starts before the table's columns are known, and encodes lines for the columns it was last given", async () => {
    const early = new PreparePool(1);
    try {
      await expect(early.prepare(rows, policyFor)).rejects.toThrow(
        /has not been given the errors table's columns/,
      );
      const prepareFor = (columns: typeof ERRORS_COLUMNS) => {
        early.setLayout(errorsLineLayout(columns));
        return early.prepare(rows, policyFor);
      };
      const here = (columns: typeof ERRORS_COLUMNS) =>
        prepareBatch(rows, {
          group: groupingFor(),
          policyFor,
          index: { errorsColumns: columns },
        } as unknown as PipelineStores).prepared.map(({ prepared }) => prepared?.errors);
      const asCreated = await prepareFor(ERRORS_COLUMNS);
      expect(asCreated.prepared.map(({ prepared }) => prepared?.errors)).toEqual(here(ERRORS_COLUMNS));
      // An older data dir whose table has the columns in another order (a column added later).
      const reordered = [...ERRORS_COLUMNS.slice(1), ERRORS_COLUMNS[0]!];
      const older = await prepareFor(reordered);
      expect(older.prepared.map(({ prepared }) => prepared?.errors)).toEqual(here(reordered));
      expect(older.prepared[0]?.prepared?.errors.line).not.toEqual(
        asCreated.prepared[0]?.prepared?.errors.line,
      );
      // A thread started again after a crash gets the columns too.
      await Promise.all(early.workers.map((worker) => worker.terminate()));
      const restarted = await early.prepare(rows, policyFor);
      expect(restarted.prepared.map(({ prepared }) => prepared?.errors)).toEqual(here(reordered));
    } finally {
      await early.close();
    }
  });

  it("applies a project's grouping rules on its threads, and a batch prepared ahead is grouped again when they change", async () => {
    // Every event of project 1 under one fingerprint; project 2 keeps its own grouping.
    const withRules = (projectId: number): GroupingPolicy =>
      projectId === 1
        ? { ...policyFor(1), fingerprintingRules: 'level:* -> everything' }
        : policyFor(projectId);
    const index = { errorsColumns: ERRORS_COLUMNS };
    const primaryHashes = (batch: { prepared: Array<{ row: QueuedEnvelope; prepared?: PreparedEvent }> }) =>
      new Set(
        batch.prepared.flatMap(({ row, prepared }) =>
          row.projectId === 1 && prepared ? [prepared.grouping.hashes[0]] : [],
        ),
      );
    const there = await pool.prepare(rows, withRules);
    const here = prepareBatch(rows, {
      group: groupingFor(),
      policyFor: withRules,
      index,
    } as unknown as PipelineStores);
    expect(plain(there)).toEqual(plain(here));
    expect(primaryHashes(there).size).toBe(1);

    // Prepared ahead without the rules; they are set before its steps 2-5 start.
    const ahead = await pool.prepare(rows, policyFor);
    expect(primaryHashes(ahead).size).toBeGreaterThan(1);
    regroupStale(ahead, { group: groupingFor(), policyFor: withRules, index } as unknown as PipelineStores);
    expect(primaryHashes(ahead)).toEqual(primaryHashes(here));
    expect(ahead.policies.filter((policy) => policy.fingerprintingRules)).toHaveLength(16);
  });
});
