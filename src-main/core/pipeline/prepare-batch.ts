/**
 * Step 1 of a batch (process-batch.ts): what the later steps need, computed without touching any
 * store, on this thread (the prepare threads do the same per row: prepare-thread.ts).
 */
import { batchOf } from '../store/duckdb/errors_writer.ts';
import type { QueuedEnvelope } from '../store/queue.ts';
import { type GroupingPolicy, type PreparedEnvelope, prepareEnvelope } from './prepare.ts';
import type { PipelineStores } from './process-batch.ts';

/** Step 1 of a batch: what the later steps need, computed without touching any store. */
export interface PreparedBatch {
  rows: QueuedEnvelope[];
  prepared: PreparedEnvelope[];
  /** The grouping policy each of `prepared` was grouped with. */
  policies: GroupingPolicy[];
  /** Envelopes whose payload could not be prepared, with the reason of their `invalid` outcome. */
  invalid: Array<{ row: QueuedEnvelope; reason: string }>;
  /** Milliseconds spent preparing. */
  ms: number;
}

function prepareInto(batch: PreparedBatch, row: QueuedEnvelope, stores: PipelineStores): void {
  try {
    const policy = stores.policyFor(row.projectId);
    batch.prepared.push(prepareEnvelope(row, stores.group, policy, batchOf(stores.index).encoder));
    batch.policies.push(policy);
  } catch (error) {
    // Ingest validated the framing; what fails here is a payload (e.g. an event that is not JSON).
    batch.invalid.push({ row, reason: (error as { reason?: string }).reason ?? 'payload' });
  }
}

export function prepareBatch(rows: QueuedEnvelope[], stores: PipelineStores): PreparedBatch {
  const started = performance.now();
  const batch: PreparedBatch = { rows, prepared: [], policies: [], invalid: [], ms: 0 };
  for (const row of rows) prepareInto(batch, row, stores);
  batch.ms = performance.now() - started;
  return batch;
}

const samePolicy = (a: GroupingPolicy, b: GroupingPolicy) =>
  a.config === b.config &&
  a.secondaryConfig === b.secondaryConfig &&
  a.fingerprintingRules === b.fingerprintingRules &&
  a.enhancements === b.enhancements &&
  (a.filters === b.filters || JSON.stringify(a.filters) === JSON.stringify(b.filters));

/**
 * A batch prepared ahead (while the one before it was written) is grouped again where its
 * project's grouping policy changed since, e.g. by the config upgrade after the batch before or a
 * change of its inbound filters or grouping rules: every batch is grouped and filtered with the policy in force when
 * its own steps 2-5 start.
 */
export function regroupStale(batch: PreparedBatch, stores: PipelineStores): void {
  const items = batch.prepared;
  const policies = batch.policies;
  batch.prepared = [];
  batch.policies = [];
  items.forEach((item, i) => {
    const used = policies[i];
    if (
      (!item.prepared && !item.filtered) ||
      !used ||
      samePolicy(stores.policyFor(item.row.projectId), used)
    ) {
      batch.prepared.push(item);
      batch.policies.push(used ?? stores.policyFor(item.row.projectId));
    } else prepareInto(batch, item.row, stores);
  });
}
