/**
 * The tail of step 1 alone: the nodestore entry (`encodeNode`) and the `errors` row and line of
 * the pipeline bench's events, timed in rounds on this thread (CPU µs per event). Step 1 whole
 * varies between runs by more than these parts cost; this shows what a change to them gains.
 * The events are made as prepareEnvelope makes them (normalized, grouped, materialized), so that
 * the objects are as the tail meets them (`JSON.parse`d copies serialize faster).
 *
 *   node bench/_prepare-tail.ts            # BENCH_EVENTS (6,000), BENCH_ROUNDS (5)
 */
import { seedAndSearch } from '../src-main/core/pipeline/attributes.ts';
import type { JsonObject } from '../src-main/core/pipeline/normalize/json.ts';
import { normalizeQueued } from '../src-main/core/pipeline/prepare.ts';
import { PIPELINE_BATCH_SIZE } from '../src-main/core/pipeline/protocol.ts';
import { eventToErrorsRow, type RowSearch } from '../src-main/core/store/duckdb/errors_row.ts';
import { batchOf } from '../src-main/core/store/duckdb/errors_writer.ts';
import { encodeNode } from '../src-main/core/store/nodestore.ts';
import { variant } from './_pipeline-events.ts';
import { queuedPipeline } from './_pipeline-queue.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 6_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const pipeline = await queuedPipeline(Array.from({ length: EVENTS }, (_, i) => variant(i)));
try {
  const { stores } = pipeline;
  const encoder = batchOf(stores.index).encoder;
  const events: Array<{ event: JsonObject; search: RowSearch; hash: string }> = [];
  let stored = 0;
  for (let rows = stores.consumer.claimBatch(PIPELINE_BATCH_SIZE); rows.length > 0; ) {
    for (const row of rows) {
      const { event: normalized } = normalizeQueued(row);
      if (!normalized) continue;
      const grouping = stores.group(normalized, { config: stores.policyFor(row.projectId).config }, true);
      const { event } = grouping;
      const { seed, location } = seedAndSearch(event);
      event.type = seed.type;
      event.title = seed.title;
      event.culprit = seed.culprit;
      event.metadata = seed.metadata as JsonObject;
      stored += encodeNode(event).length;
      const search = { title: seed.title, culprit: seed.culprit, location, message: seed.message };
      events.push({ event, search, hash: grouping.hashes[0] ?? '' });
    }
    rows = stores.consumer.claimBatch(PIPELINE_BATCH_SIZE);
  }
  console.log(
    `${events.length} events, nodestore entries ${(stored / events.length).toFixed(0)} bytes on average`,
  );
  const timed = (run: (item: (typeof events)[number]) => unknown): string => {
    const cpu = process.cpuUsage();
    for (const item of events) run(item);
    const used = process.cpuUsage(cpu);
    return ((used.user + used.system) / events.length).toFixed(1);
  };
  const receivedAt = new Date();
  const row = ({ event, search, hash }: (typeof events)[number]) =>
    eventToErrorsRow(event, { search, projectId: 1, groupId: 0, primaryHash: hash, receivedAt });
  for (let round = 1; round <= ROUNDS; round++) {
    const json = timed(({ event }) => JSON.stringify(event));
    const node = timed(({ event }) => encodeNode(event));
    const errorsRow = timed(row);
    const line = timed((item) => encoder.encode(row(item)));
    console.log(
      `round ${round}: µs CPU an event: JSON.stringify ${json}, encodeNode ${node}, eventToErrorsRow ${errorsRow}, row + line ${line}`,
    );
  }
} finally {
  await pipeline.close();
}
