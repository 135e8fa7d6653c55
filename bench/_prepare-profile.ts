/**
 * Step 1 (prepareBatch: parse, normalize, group, nodestore entry, errors line) alone, on the
 * pipeline bench's realistic events, repeated in rounds on this thread: CPU µs per event each
 * round, for working on its cost with a profiler, which the full bench is too slow for.
 *
 *   node bench/_prepare-profile.ts                       # rounds, µs per event
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/_prepare-profile.ts
 *
 * BENCH_EVENTS sets the events (20,000), BENCH_ROUNDS the rounds (3); BENCH_WORST=1 makes every
 * event a new issue, as the bench's worst-case row does.
 */
import { prepareBatch } from '../src-main/core/pipeline/prepare-batch.ts';
import { PIPELINE_BATCH_SIZE } from '../src-main/core/pipeline/protocol.ts';
import type { QueuedEnvelope } from '../src-main/core/store/queue.ts';
import { variant } from './_pipeline-events.ts';
import { queuedPipeline } from './_pipeline-queue.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const worst = Boolean(process.env.BENCH_WORST);

const pipeline = await queuedPipeline(Array.from({ length: EVENTS }, (_, i) => variant(i, worst)));
try {
  const { stores } = pipeline;
  const batches: QueuedEnvelope[][] = [];
  for (
    let rows = stores.consumer.claimBatch(PIPELINE_BATCH_SIZE);
    rows.length > 0;
    rows = stores.consumer.claimBatch(PIPELINE_BATCH_SIZE)
  )
    batches.push(rows);
  for (let round = 1; round <= ROUNDS; round++) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    for (const rows of batches) prepareBatch(rows, stores);
    const used = process.cpuUsage(cpu);
    const wall = ((performance.now() - started) * 1000) / EVENTS;
    console.log(
      `round ${round}: ${((used.user + used.system) / EVENTS).toFixed(1)} µs CPU an event (${wall.toFixed(1)} µs wall)`,
    );
  }
} finally {
  await pipeline.close();
}
