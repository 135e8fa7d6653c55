/**
 * The pipeline's stages alone, on the same events as its throughput table: each timed by itself on
 * this thread (wall time, and the process's CPU, which counts DuckDB's threads too), so that the
 * end-to-end numbers can be read as a sum of parts, and DuckDB's own ceiling stands in a table.
 *
 * The events are queued, then:
 *   - claimed in the worker's batches (the envelopes read from the queue's SQLite file);
 *   - parsed and normalized alone (prepare.ts's `normalizeQueued`);
 *   - prepared as the worker's step 1 on one thread (`prepareBatch`: parse, normalize, group, the
 *     nodestore entry, the `errors` line), whose output the later stages take;
 *   - their nodestore entries made alone (JSON + zstd, `encodeNode`), from the stored events;
 *   - stored by steps 2-4 but DuckDB's `errors` write (`storeBatch` with a buffer that keeps the
 *     rows): SQLite's groups, events, nodestore and outcomes, and the groups' copies to DuckDB;
 *   - written to fresh `errors` tables in the ways of _errors-writes.ts (the kept rows, group ids in),
 *     and as the worker writes into a table they already fill 4 times, with and without the vacuum;
 *   - deleted from the queue (step 5), as many at a time as the worker's buffer deletes.
 * The sum of claim, step 1, steps 2-3, the worker's DuckDB write and the delete is set beside the
 * end-to-end runs, where DuckDB writes while the next batch is prepared.
 */
import { FLUSH_ROWS, IndexBuffer } from '../src-main/core/pipeline/index-buffer.ts';
import { normalizeQueued } from '../src-main/core/pipeline/prepare.ts';
import { type PreparedBatch, prepareBatch } from '../src-main/core/pipeline/prepare-batch.ts';
import { storeBatch } from '../src-main/core/pipeline/process-batch.ts';
import type { ErrorsLine } from '../src-main/core/store/duckdb/errors_writer.ts';
import { decodeNode, encodeNode } from '../src-main/core/store/nodestore.ts';
import type { QueuedEnvelope } from '../src-main/core/store/queue.ts';
import {
  appenderRows,
  errorsConstraints,
  writeFromJson,
  writeUnconstrained,
  writeWithAppender,
} from './_errors-writes.ts';
import { addRuns, type Measured, measured, medianRun, slices } from './_measured.ts';
import { queuedPipeline } from './_pipeline-queue.ts';
import { printTable } from './_table.ts';

/** The worker's statement size under load: its buffer writes once FLUSH_ROWS rows wait. */
const WORKER_STATEMENT = FLUSH_ROWS;
/** The statement size of the earlier measurement (index-buffer.ts's comment). */
const SMALLER_STATEMENT = 1000;
/**
 * Rounds of the DuckDB writes, each into a fresh table, interleaved so that a busy spell of the
 * machine falls on all of them alike; the median round (by CPU) is shown. BENCH_STAGE_RUNS overrides.
 */
const DUCKDB_ROUNDS = Math.max(1, Number(process.env.BENCH_STAGE_RUNS ?? 3));
/** Passes of the rows into one table for the filled-table rows (the last one timed). */
const FILLED_PASSES = 5;
/** DuckDB's default `max_vacuum_tasks`, which the event index turns off (open_event_index.ts). */
const DUCKDB_DEFAULT_VACUUM_TASKS = 100;
/** The cores of the target (issue #4: 10,000 events/s on 2 cores). */
const TARGET_CORES = 2;

/** A run measured by the end-to-end table, to set beside the sum of the stages. */
export interface EndToEnd {
  name: string;
  eventsPerSecond: number;
  cpuUsPerEvent: number;
}

/** Step 4's buffer keeping the rows instead of writing them: the DuckDB stages write them after. */
class KeptRows extends IndexBuffer {
  readonly rows: ErrorsLine[] = [];
  /** The queue rows of the batches, deleted (step 5) once the rows would be written. */
  readonly acks: number[] = [];

  override add(queueRows: readonly number[], rows: readonly ErrorsLine[]): Promise<void> {
    for (const row of rows) this.rows.push(row);
    for (const id of queueRows) this.acks.push(id);
    return Promise.resolve();
  }
}

/** Every stage but DuckDB's `errors` write, timed apart; the rows that write takes, with group ids. */
async function stagesBeforeDuckdb(envelopes: readonly Buffer[], batchSize: number) {
  const pipeline = await queuedPipeline(envelopes);
  const { stores } = pipeline;
  try {
    const batches: QueuedEnvelope[][] = [];
    const claim = await measured(() => {
      for (
        let rows = stores.consumer.claimBatch(batchSize);
        rows.length > 0;
        rows = stores.consumer.claimBatch(batchSize)
      )
        batches.push(rows);
    });
    const normalize = await measured(() => {
      for (const rows of batches) for (const row of rows) normalizeQueued(row);
    });
    let prepared: PreparedBatch[] = [];
    const prepare = await measured(() => {
      prepared = batches.map((rows) => prepareBatch(rows, stores));
    });
    const events = prepared.flatMap((batch) =>
      batch.prepared.flatMap((item) => (item.prepared ? [decodeNode(item.prepared.node)] : [])),
    );
    const nodestore = await measured(() => {
      for (const event of events) encodeNode(event);
    });
    const kept = new KeptRows(stores.index, stores.consumer, (error) => {
      throw error;
    });
    stores.indexBuffer = kept;
    const sqlite = await measured(async () => {
      for (const batch of prepared) await storeBatch(batch, stores);
    });
    if (kept.rows.length !== envelopes.length)
      throw new Error(`${kept.rows.length} errors rows of ${envelopes.length} events`);
    // As the worker's buffer deletes them: the batches of each write at once.
    const ack = await measured(() => {
      for (const ids of slices(kept.acks, WORKER_STATEMENT)) stores.consumer.ack(ids);
    });
    const { rows } = kept;
    return { claim, normalize, prepare, nodestore, sqlite, ack, rows, columns: stores.index.errorsColumns };
  } finally {
    await pipeline.close();
  }
}

/** The kept rows written to DuckDB in each way, in interleaved rounds; the median round of each. */
async function duckdbWrites(stages: Awaited<ReturnType<typeof stagesBeforeDuckdb>>) {
  const { rows, columns } = stages;
  const values = appenderRows(rows, columns);
  const constraints = await errorsConstraints();
  const rounds = {
    worker: [] as Measured[],
    smaller: [] as Measured[],
    appender: [] as Measured[],
    unconstrained: [] as Measured[],
  };
  for (let round = 0; round < DUCKDB_ROUNDS; round++) {
    rounds.worker.push(await writeFromJson(rows, WORKER_STATEMENT));
    rounds.smaller.push(await writeFromJson(rows, SMALLER_STATEMENT));
    rounds.appender.push(await writeWithAppender(values, WORKER_STATEMENT));
    if (constraints) rounds.unconstrained.push(await writeUnconstrained(rows, WORKER_STATEMENT, columns));
  }
  // One round each: they write FILLED_PASSES times the rows.
  const filled = await writeFromJson(rows, WORKER_STATEMENT, { passes: FILLED_PASSES });
  const filledVacuum = await writeFromJson(rows, WORKER_STATEMENT, {
    passes: FILLED_PASSES,
    vacuumTasks: DUCKDB_DEFAULT_VACUUM_TASKS,
  });
  return {
    constraints,
    filled,
    filledVacuum,
    worker: medianRun(rounds.worker),
    smaller: medianRun(rounds.smaller),
    appender: medianRun(rounds.appender),
    unconstrained: constraints ? medianRun(rounds.unconstrained) : undefined,
  };
}

/** Measures the stages on `envelopes` (claimed `batchSize` at a time) and prints their table. */
export async function stageTable(
  envelopes: readonly Buffer[],
  batchSize: number,
  endToEnd: readonly EndToEnd[],
): Promise<void> {
  const count = envelopes.length;
  const stages = await stagesBeforeDuckdb(envelopes, batchSize);
  const duckdb = await duckdbWrites(stages);
  const sum = [stages.claim, stages.prepare, stages.sqlite, duckdb.worker, stages.ack].reduce(addRuns);

  const rows = (n: number) => `${n.toLocaleString('en-US')} rows`;
  const row = (name: string, m: Measured) => [
    name,
    m.seconds,
    count / m.seconds,
    m.cpuUs / count,
    m.cpuUs / 1e6 / m.seconds,
  ];
  const bytes = stages.rows.reduce((total, line) => total + Buffer.byteLength(line.line), 0);
  console.log(
    `\nthe stages alone, on the same ${count.toLocaleString('en-US')} events, one after another (errors rows of ${(bytes / count / 1024).toFixed(1)} KB as JSON lines; DuckDB: the median of ${DUCKDB_ROUNDS} rounds, each into a fresh table, but the filled-table rows, one round each)`,
  );
  printTable(
    ['stage', 'wall s', 'events/s', 'CPU µs/event', 'cores busy'],
    [
      row(`queue: claim in batches of ${batchSize} (the envelopes read)`, stages.claim),
      row('parse + normalize', stages.normalize),
      row('nodestore entries alone (JSON + zstd)', stages.nodestore),
      row('prepare: parse, normalize, group, nodestore entry, errors line (step 1)', stages.prepare),
      row('SQLite: groups, events, nodestore, outcomes (steps 2-3) + DuckDB group mirrors', stages.sqlite),
      row(`queue: delete the processed rows, ${rows(WORKER_STATEMENT)} at a time (step 5)`, stages.ack),
      row(
        `DuckDB alone: from_json INSERT, statements of ${rows(WORKER_STATEMENT)} (the worker's)`,
        duckdb.worker,
      ),
      row(
        `DuckDB alone: the worker's INSERT, its last ${rows(count)} into a table of ${rows(count * FILLED_PASSES)}`,
        duckdb.filled,
      ),
      row(
        `DuckDB alone: the same with DuckDB's vacuum at checkpoints (its default, off in Faultline)`,
        duckdb.filledVacuum,
      ),
      row(`DuckDB alone: from_json INSERT, statements of ${rows(SMALLER_STATEMENT)}`, duckdb.smaller),
      row(`DuckDB alone: Appender (appendRow), flushed every ${rows(WORKER_STATEMENT)}`, duckdb.appender),
      ...(duckdb.unconstrained
        ? [
            row(
              `DuckDB alone: from_json INSERT, errors without its constraints (${duckdb.constraints})`,
              duckdb.unconstrained,
            ),
          ]
        : []),
      row(`sum of stages: claim + prepare + SQLite + DuckDB (the worker's) + delete`, sum),
      ...endToEnd.map((run) =>
        row(run.name, { seconds: count / run.eventsPerSecond, cpuUs: run.cpuUsPerEvent * count }),
      ),
    ],
  );
  if (!duckdb.unconstrained) console.log('(errors has no constraint or index: no row without them)');
  const ceiling = (m: Measured) => {
    const us = m.cpuUs / count;
    return `${us.toFixed(0)} µs of CPU an event, at most ${Math.round((TARGET_CORES * 1e6) / us).toLocaleString('en-US')} events/s`;
  };
  console.log(
    `DuckDB alone (from_json INSERT, statements of ${rows(WORKER_STATEMENT)}): ${ceiling(duckdb.worker)} on ${TARGET_CORES} cores even if every other stage cost nothing (Appender: ${ceiling(duckdb.appender)})`,
  );
}
