/**
 * The pipeline's stages alone, on the same events as its throughput table: each timed by itself on
 * this thread (wall time, and the process's CPU, which counts DuckDB's threads too), so that the
 * end-to-end numbers can be read as a sum of parts, and DuckDB's own ceiling stands in a table.
 *
 * The events are queued and claimed in the worker's batches, then:
 *   - parse + normalize alone (prepare.ts's `normalizeQueued`);
 *   - step 1 as the worker runs it on one thread (`prepareBatch`: parse, normalize, group, the
 *     nodestore entry, the `errors` line), whose output the later stages take;
 *   - the nodestore entries alone (JSON + zstd, `encodeNode`), from the stored events;
 *   - steps 2-4 but DuckDB's `errors` write (`storeBatch` with a buffer that keeps the rows): SQLite's
 *     groups, events, nodestore and outcomes, and the groups' copies to DuckDB's mirrors;
 *   - the kept rows (their group ids in) into a fresh `errors` table in statements of the worker's
 *     size, as the worker writes them (`writeErrorsBatch`, the from_json INSERT), and of 1,000 rows;
 *     through the Appender (`DuckDBDataChunkWriter.appendRow`, plain JS values); and, if the table
 *     has constraints, into one with the same columns and none.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type DuckDBConnection,
  DuckDBDataChunkWriter,
  type JS,
  JSToDuckDBValueConverter,
} from '@duckdb/node-api';
import { FLUSH_ROWS, IndexBuffer } from '../src-main/core/pipeline/index-buffer.ts';
import { EVENT_INDEX_FILE } from '../src-main/core/pipeline/paths.ts';
import { normalizeQueued } from '../src-main/core/pipeline/prepare.ts';
import { type PreparedBatch, prepareBatch } from '../src-main/core/pipeline/prepare-batch.ts';
import { storeBatch } from '../src-main/core/pipeline/process-batch.ts';
import { errorsJsonBatch, errorsLineLayout } from '../src-main/core/store/duckdb/errors_json_batch.ts';
import type { ErrorsLineLayout, ValueEncoding } from '../src-main/core/store/duckdb/errors_line.ts';
import { type ErrorsLine, writeErrorsBatch } from '../src-main/core/store/duckdb/errors_writer.ts';
import {
  type EventIndex,
  openDuckdb,
  openEventIndex,
} from '../src-main/core/store/duckdb/open_event_index.ts';
import { type ColumnSpec, quoteIdent } from '../src-main/core/store/duckdb/schema.ts';
import { decodeNode, encodeNode } from '../src-main/core/store/nodestore.ts';
import type { QueuedEnvelope } from '../src-main/core/store/queue.ts';
import { queuedPipeline } from './_pipeline-queue.ts';
import { printTable } from './_table.ts';

/** The worker's statement size under load: its buffer writes once FLUSH_ROWS rows wait. */
const WORKER_STATEMENT = FLUSH_ROWS;
/** The statement size of the earlier measurement (index-buffer.ts's comment). */
const SMALLER_STATEMENT = 1000;
/** The cores of the target (issue #4: 10,000 events/s on 2 cores). */
const TARGET_CORES = 2;

/** A run measured by the end-to-end table, to set beside the sum of the stages. */
export interface EndToEnd {
  name: string;
  eventsPerSecond: number;
  cpuUsPerEvent: number;
}

interface Measured {
  seconds: number;
  /** CPU of every thread of the process, µs. */
  cpuUs: number;
}

async function measured(work: () => unknown): Promise<Measured> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return { seconds, cpuUs: cpu.user + cpu.system };
}

const add = (a: Measured, b: Measured): Measured => ({
  seconds: a.seconds + b.seconds,
  cpuUs: a.cpuUs + b.cpuUs,
});

function* slices<T>(items: readonly T[], size: number): Generator<readonly T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}

/** Step 4's buffer keeping the rows instead of writing them: the DuckDB stages write them after. */
class KeptRows extends IndexBuffer {
  readonly rows: ErrorsLine[] = [];

  override add(_queueRows: readonly number[], rows: readonly ErrorsLine[]): Promise<void> {
    for (const row of rows) this.rows.push(row);
    return Promise.resolve();
  }
}

async function countRows(conn: DuckDBConnection, expected: number, stage: string): Promise<void> {
  const reader = await conn.runAndReadAll('SELECT count(*) FROM errors');
  const count = Number(reader.getRowsJS()[0]?.[0]);
  if (count !== expected) throw new Error(`${stage}: ${count} rows in errors, not ${expected}`);
}

/** `work` on a fresh event index (`openEventIndex` in a temp dir), then the rows it holds are checked. */
async function inFreshIndex(
  expected: number,
  stage: string,
  work: (index: EventIndex) => Promise<Measured>,
): Promise<Measured> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-bench-stages-'));
  const index = await openEventIndex(path.join(dir, EVENT_INDEX_FILE));
  try {
    const result = await work(index);
    await countRows(index.writer, expected, stage);
    return result;
  } finally {
    index.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** As the worker writes: `writeErrorsBatch` (the from_json INSERT), no stored ids to look up. */
function fromJson(rows: readonly ErrorsLine[], statement: number): Promise<Measured> {
  return inFreshIndex(rows.length, 'from_json', (index) =>
    measured(async () => {
      for (const slice of slices(rows, statement))
        await writeErrorsBatch(index, slice, { checkStored: false });
    }),
  );
}

/** A line's value back as the plain JS value the Appender's converter takes. */
function jsValue(value: unknown, encoding: ValueEncoding): JS {
  if (value === null || value === undefined) return null;
  if (typeof encoding === 'object') return (value as unknown[]).map((item) => jsValue(item, encoding.list));
  switch (encoding) {
    case 'millis':
      return new Date(value as number);
    case 'bigint':
      return typeof value === 'string' ? BigInt(value) : (value as number);
    case 'value':
      return value as JS;
  }
}

/** A line (fields named by column position) as the row of values the Appender takes, in column order. */
function appenderRow(line: string, layout: ErrorsLineLayout): JS[] {
  const fields = JSON.parse(line) as Record<string, unknown>;
  return layout.encodings.map((encoding, i) => jsValue(fields[`c${i}`], encoding));
}

/** The same rows as plain JS values through the Appender, flushed (committed) every `statement` rows. */
async function appender(
  rows: readonly ErrorsLine[],
  statement: number,
  columns: readonly ColumnSpec[],
): Promise<Measured> {
  const layout = errorsLineLayout(columns);
  // Decoded before the clock starts: the Appender's input, as the lines are the INSERT's.
  const values = rows.map((row) => appenderRow(row.line, layout));
  return inFreshIndex(rows.length, 'Appender', (index) =>
    measured(async () => {
      const appending = await index.writer.createAppender('errors');
      const writer = DuckDBDataChunkWriter.forAppender(appending, { converter: JSToDuckDBValueConverter });
      for (const slice of slices(values, statement)) {
        for (const row of slice) writer.appendRow(row);
        writer.flush();
        appending.flushSync();
      }
      appending.closeSync();
    }),
  );
}

/** What the fresh `errors` table carries besides its columns: constraints by type, and indexes. */
async function constraintsOf(): Promise<{ label: string; count: number }> {
  let label = '';
  let count = 0;
  await inFreshIndex(0, 'constraints', async (index) => {
    const constraints = await index.writer.runAndReadAll(
      `SELECT constraint_type, count(*)::INTEGER FROM duckdb_constraints()
       WHERE table_name = 'errors' GROUP BY ALL ORDER BY ALL`,
    );
    const indexes = await index.writer.runAndReadAll(
      "SELECT count(*)::INTEGER FROM duckdb_indexes() WHERE table_name = 'errors'",
    );
    const kinds = constraints.getRowsJS().map(([type, n]) => `${String(n)} ${String(type)}`);
    const indexCount = Number(indexes.getRowsJS()[0]?.[0] ?? 0);
    count = constraints.getRowsJS().reduce((sum, [, n]) => sum + Number(n), 0) + indexCount;
    label = [...kinds, ...(indexCount > 0 ? [`${indexCount} index(es)`] : [])].join(', ');
    return { seconds: 0, cpuUs: 0 };
  });
  return { label, count };
}

/** The worker's INSERT into an `errors` table of the same columns and types without any constraint. */
async function unconstrained(rows: readonly ErrorsLine[], statement: number, columns: readonly ColumnSpec[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-bench-stages-'));
  const instance = await openDuckdb(path.join(dir, EVENT_INDEX_FILE));
  const conn = await instance.connect();
  try {
    await conn.run(
      `CREATE TABLE errors (${columns.map((c) => `${quoteIdent(c.name)} ${c.type.toString()}`).join(', ')})`,
    );
    const result = await measured(async () => {
      const insert = await conn.prepare(errorsJsonBatch(columns).sql);
      for (const slice of slices(rows, statement)) {
        insert.bind({ batch: slice.map((row) => row.line).join('\n') });
        await insert.run();
      }
    });
    await countRows(conn, rows.length, 'unconstrained');
    return result;
  } finally {
    conn.closeSync();
    instance.closeSync();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Steps 1-3 (and the mirrors of step 4) timed apart; the rows step 4 would write, with group ids. */
async function cpuStages(envelopes: readonly Buffer[], batchSize: number) {
  const pipeline = await queuedPipeline(envelopes);
  const { stores } = pipeline;
  try {
    const batches: QueuedEnvelope[][] = [];
    for (
      let rows = stores.consumer.claimBatch(batchSize);
      rows.length > 0;
      rows = stores.consumer.claimBatch(batchSize)
    )
      batches.push(rows);
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
    return { normalize, prepare, nodestore, sqlite, rows: kept.rows, columns: stores.index.errorsColumns };
  } finally {
    await pipeline.close();
  }
}

/** Measures the stages on `envelopes` (claimed `batchSize` at a time) and prints their table. */
export async function stageTable(
  envelopes: readonly Buffer[],
  batchSize: number,
  endToEnd: readonly EndToEnd[],
): Promise<void> {
  const count = envelopes.length;
  const { normalize, prepare, nodestore, sqlite, rows, columns } = await cpuStages(envelopes, batchSize);
  const duckdb = await fromJson(rows, WORKER_STATEMENT);
  const duckdbSmaller = await fromJson(rows, SMALLER_STATEMENT);
  const appended = await appender(rows, WORKER_STATEMENT, columns);
  const constraints = await constraintsOf();
  const withoutConstraints =
    constraints.count > 0 ? await unconstrained(rows, WORKER_STATEMENT, columns) : undefined;
  const sum = add(add(prepare, sqlite), duckdb);

  const statement = (n: number) => `statements of ${n.toLocaleString('en-US')} rows`;
  const row = (name: string, m: Measured) => [
    name,
    m.seconds,
    count / m.seconds,
    m.cpuUs / count,
    m.cpuUs / 1e6 / m.seconds,
  ];
  console.log(`\nthe stages alone, on the same ${count.toLocaleString('en-US')} events, one after another`);
  printTable(
    ['stage', 'wall s', 'events/s', 'CPU µs/event', 'cores busy'],
    [
      row('parse + normalize', normalize),
      row('nodestore entries alone (JSON + zstd)', nodestore),
      row('prepare: parse, normalize, group, nodestore entry, errors line (step 1)', prepare),
      row('SQLite: groups, events, nodestore, outcomes (steps 2-3) + DuckDB group mirrors', sqlite),
      row(`DuckDB alone: errors from_json INSERT, ${statement(WORKER_STATEMENT)} (the worker's)`, duckdb),
      row(`DuckDB alone: errors from_json INSERT, ${statement(SMALLER_STATEMENT)}`, duckdbSmaller),
      row(
        `DuckDB alone: errors via Appender (appendRow), flushed every ${WORKER_STATEMENT.toLocaleString('en-US')} rows`,
        appended,
      ),
      ...(withoutConstraints
        ? [
            row(
              `DuckDB alone: from_json INSERT, errors without its constraints (${constraints.label})`,
              withoutConstraints,
            ),
          ]
        : []),
      row(`sum of stages: prepare + SQLite + DuckDB (${statement(WORKER_STATEMENT)})`, sum),
      ...endToEnd.map((run) =>
        row(run.name, {
          seconds: count / run.eventsPerSecond,
          cpuUs: run.cpuUsPerEvent * count,
        }),
      ),
    ],
  );
  if (!withoutConstraints) console.log('(errors has no constraint or index: no row without them)');
  const ceiling = (m: Measured) => {
    const us = m.cpuUs / count;
    return `${us.toFixed(0)} µs of CPU an event, at most ${Math.round((TARGET_CORES * 1e6) / us).toLocaleString('en-US')} events/s`;
  };
  console.log(
    `DuckDB alone (from_json INSERT, ${statement(WORKER_STATEMENT)}): ${ceiling(duckdb)} on ${TARGET_CORES} cores even if every other stage cost nothing (Appender: ${ceiling(appended)})`,
  );
}
