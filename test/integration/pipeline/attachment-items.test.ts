/**
 * Every attachment item of an envelope is an attachment of its event, as Sentry keeps each item:
 * two items with the same name and bytes are two attachments (one file on disk), each counted
 * accepted. A batch replayed after a crash stores none of them again.
 */
import crypto from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { processBatch } from '../../../src-main/core/pipeline/process-batch.ts';
import { pipelineStores } from '../../../src-main/core/pipeline/stores.ts';
import {
  capture,
  openPipeline,
  type PipelineFixture,
  processThenCrashBeforeAck,
  queueEntry,
} from '../../support/pipeline.ts';

let pipeline: PipelineFixture;
beforeEach(async () => {
  pipeline = await openPipeline();
});
afterEach(() => pipeline?.close());

const LOG =
  '{"type":"attachment","length":10,"filename":"app.log","content_type":"text/plain"}\nsame lines\n';

/** The Node SDK's exception capture with two attachment items of the same name and bytes. */
function enqueueWithTwinAttachments(eventId: string): Promise<number> {
  const envelope = Buffer.concat([capture('node', eventId), Buffer.from(`\n${LOG}${LOG}`)]);
  return pipeline.queue.enqueue({ ...queueEntry(eventId), envelope });
}

const attachmentNames = (eventId: string) =>
  pipeline.stores.attachments.listForEvent(1, eventId).map((row) => [row.name, row.size]);

const attachmentOutcomes = () =>
  pipeline.stores.outcomes
    .list()
    .filter((row) => row.category.startsWith('attachment'))
    .map(({ outcome, category, quantity }) => ({ outcome, category, quantity }));

it('two attachment items with the same name and bytes are two attachments of the event, both counted', async () => {
  const eventId = crypto.randomBytes(16).toString('hex');
  await enqueueWithTwinAttachments(eventId);
  const result = await processBatch(pipeline.stores.consumer.claimBatch(10), pipeline.stores);
  expect(result.stored).toBe(1);
  expect(attachmentNames(eventId)).toEqual([
    ['app.log', 10],
    ['app.log', 10],
  ]);
  expect(attachmentOutcomes()).toEqual([
    { outcome: 'accepted', category: 'attachment', quantity: 20 },
    { outcome: 'accepted', category: 'attachment_item', quantity: 2 },
  ]);
});

it('a batch replayed after a crash before its ack stores neither attachment again', async () => {
  const eventId = crypto.randomBytes(16).toString('hex');
  await enqueueWithTwinAttachments(eventId);
  await processThenCrashBeforeAck(pipeline.stores.consumer.claimBatch(10), pipeline.stores);
  expect(attachmentNames(eventId)).toHaveLength(2);

  const next = pipelineStores(pipeline.db, pipeline.index, pipeline.dataDir);
  try {
    next.consumer.recover();
    const again = next.consumer.claimBatch(10);
    expect(again).toHaveLength(1);
    await processBatch(again, next);
  } finally {
    next.consumer.close();
    next.outcomes.close();
  }
  expect(attachmentNames(eventId)).toHaveLength(2);
  expect(attachmentOutcomes()).toEqual([
    { outcome: 'accepted', category: 'attachment', quantity: 20 },
    { outcome: 'accepted', category: 'attachment_item', quantity: 2 },
  ]);
});
