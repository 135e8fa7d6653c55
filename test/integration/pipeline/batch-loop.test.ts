import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BatchLoop, storeBatches } from '../../../src-main/core/pipeline/batch-loop.ts';
import { prepareBatch } from '../../../src-main/core/pipeline/prepare-batch.ts';
import type { PipelineStores } from '../../../src-main/core/pipeline/process-batch.ts';
import { openPipeline, type PipelineFixture } from '../../support/pipeline.ts';

const BATCH = 20;
const BATCHES = 6;

let pipeline: PipelineFixture;
let stores: PipelineStores;

beforeAll(async () => {
  pipeline = await openPipeline();
  stores = pipeline.stores;
  await Promise.all(Array.from({ length: BATCH * BATCHES }, () => pipeline.send()));
});
afterAll(() => pipeline?.close());

it('lets a stored batch go while the chain goes on', async () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  let firstBatch: WeakRef<object> | undefined;
  const collectedWhileRunning: boolean[] = [];
  let stored = 0;
  const loop: BatchLoop = {
    schedule: (work) => work(),
    claimNext: () => stores.consumer.claimBatch(BATCH),
    onResult: (result) => {
      stored += result.stored;
      if (stored === BATCH * (BATCHES - 1)) {
        gc();
        collectedWhileRunning.push(firstBatch?.deref() === undefined);
      }
    },
  };
  const chain = (() => {
    const first = prepareBatch(stores.consumer.claimBatch(BATCH), stores);
    firstBatch = new WeakRef(first);
    return storeBatches(first, stores, loop);
  })();
  await chain;
  expect(stored).toBe(BATCH * BATCHES);
  expect(collectedWhileRunning).toEqual([true]);
});
