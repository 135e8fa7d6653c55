/**
 * Pipeline: events/s from the queue to DuckDB with normalization and grouping, on realistic
 * events made from the SDK captures (varied messages, stacks, tags, users); and, through a real
 * server at 1,000 events/s (`faultline serve` in its own process: run `npm run build` first), the
 * latency from the 200 ack to the event counted on its issue, cold and after the first 3 s.
 * Also RSS. Peers have no comparable local pipeline (Spotlight keeps 500 envelopes in memory and
 * does no grouping), so the reference row is this same pipeline with grouping switched off.
 *
 * After the throughput table, the CPU of each kind of thread in the run as Faultline runs (which one
 * is nearest a whole core: the limit), then a further table times the stages alone on the same events
 * (_pipeline-stages.ts): claim, normalize, prepare, nodestore entries, the SQLite steps, the queue
 * delete, and DuckDB's `errors` write by itself (as the worker writes it, through the Appender, and
 * without the table's constraints), each with its CPU per event; their sum beside the end-to-end
 * runs, and the events/s that DuckDB's CPU alone leaves on 2 cores. BENCH_SKIP_STAGES=1 skips it;
 * BENCH_STAGE_EVENTS takes fewer events for it, BENCH_STAGE_RUNS sets its DuckDB rounds (3).
 * BENCH_EVENTS sets the events (20,000), BENCH_SKIP_LATENCY=1 skips the latency runs below.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type BatchLoop, prepareRows, storeBatches } from '../src-main/core/pipeline/batch-loop.ts';
import { IndexBuffer } from '../src-main/core/pipeline/index-buffer.ts';
import type { GroupingFn } from '../src-main/core/pipeline/prepare.ts';
import { defaultPrepareThreads } from '../src-main/core/pipeline/prepare-pool.ts';
import { PIPELINE_BATCH_SIZE } from '../src-main/core/pipeline/protocol.ts';
import { type LoadTarget, openLoopOf, sendAll } from './_ingest-load.ts';
import { threadSeconds, threadTicks } from './_measured.ts';
import { variant } from './_pipeline-events.ts';
import { queuedPipeline } from './_pipeline-queue.ts';
import { stageTable } from './_pipeline-stages.ts';
import { percentile, printTable } from './_table.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
/** Events of the stage table: the first of the throughput runs' realistic events. */
const STAGE_EVENTS = Math.min(EVENTS, Number(process.env.BENCH_STAGE_EVENTS ?? EVENTS));
/** Claimed at once, as the worker does. */
const BATCH = PIPELINE_BATCH_SIZE;
interface Throughput {
  eventsPerSecond: number;
  cpuUsPerEvent: number;
  rssMb: number;
  stored: number;
  issues: number;
  /** CPU seconds by kind of thread over the run, and the run's wall seconds. */
  threads: [string, number][];
  seconds: number;
  /** The writing thread's share of each batch at the end of the run (prepare threads only). */
  writerShare: number | undefined;
}

async function throughput(
  envelopes: readonly Buffer[],
  grouping: boolean,
  prepareThreads = 0,
): Promise<Throughput> {
  // Without grouping, one fixed hash per platform and level stands in for it (few issues, as in
  // the realistic mix).
  const fixedHash: GroupingFn = (event, { config }) => ({
    config,
    hashes: [
      crypto
        .createHash('md5')
        .update(`${String(event.platform)}:${String(event.level)}`)
        .digest('hex'),
    ],
    event,
  });
  const pipeline = await queuedPipeline(envelopes, grouping ? { prepareThreads } : { group: fixedHash });
  const { stores } = pipeline;
  // DuckDB writes shared by batches, as in the worker.
  const buffer = new IndexBuffer(stores.index, stores.consumer, () => undefined);
  stores.indexBuffer = buffer;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const ticksBefore = threadTicks();
  let stored = 0;
  // The worker's loop: each next batch is claimed and prepared while DuckDB appends the current one.
  const loop: BatchLoop = {
    schedule: (work) => work(),
    claimNext: () => stores.consumer.claimBatch(BATCH),
    onResult: (result) => {
      stored += result.stored;
    },
  };
  for (
    let rows = stores.consumer.claimBatch(BATCH);
    rows.length > 0;
    rows = stores.consumer.claimBatch(BATCH)
  )
    await storeBatches(prepareRows(rows, stores), stores, loop);
  await buffer.flush();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const threads = threadSeconds(ticksBefore, threadTicks());
  // CPU of every thread of the process (JS, DuckDB, libuv), per event: comparable on a busy machine.
  const cpuUsPerEvent = (cpu.user + cpu.system) / EVENTS;
  const rssMb = process.memoryUsage().rss / 1024 / 1024;
  const issues = stores.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM groups').get()?.n ?? 0;
  const writerShare = stores.pool?.writerShare.fraction;
  await pipeline.close();
  return {
    eventsPerSecond: EVENTS / seconds,
    cpuUsPerEvent,
    rssMb,
    stored,
    issues,
    threads,
    seconds,
    writerShare,
  };
}

/** `faultline serve` as users run it (the built bundle), in a temp data dir; resolves once it is ready. */
async function startServe(dataDir: string) {
  const child = spawn(
    process.execPath,
    [path.resolve(import.meta.dirname, '../bin/faultline'), 'serve', '--port', '0', '--data-dir', dataDir],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const infoFile = path.join(dataDir, 'server.json');
  while (!fs.existsSync(infoFile)) await new Promise((resolve) => setTimeout(resolve, 20));
  const info = JSON.parse(fs.readFileSync(infoFile, 'utf8')) as { url: string; dsn: string; token: string };
  return { child, info };
}

/** The envelope endpoint of project 1 on a running `faultline serve`. */
function serveTarget(info: { url: string; dsn: string }): LoadTarget {
  const { hostname, port } = new URL(info.url);
  return {
    host: hostname,
    port: Number(port),
    path: `/api/1/envelope/?sentry_key=${new URL(info.dsn).username}&sentry_version=7`,
    headers: { 'content-type': 'application/x-sentry-envelope' },
  };
}

interface Visible {
  p50: number;
  p99: number;
  max: number;
  events: number;
}

/**
 * Ack → counted on its issue at 1,000 events/s against `faultline serve` in its own process, the
 * load sent over keep-alive sockets (_ingest-load.ts) so the sender costs little CPU. An event is
 * visible once its `events` row is committed (with its issue's counts, in the same transaction),
 * polled every 5 ms through a read-only connection. Two windows: the first 3 s after the server
 * is ready (cold: code not yet optimized, DuckDB and the prepare threads warming up), then 10 s.
 */
async function latency(): Promise<{ cold: Visible; steady: Visible }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-bench-latency-'));
  const { child, info } = await startServe(dataDir);
  const target = serveTarget(info);
  const db = new Database(path.join(dataDir, 'faultline.sqlite'), { readonly: true, fileMustExist: true });
  // (`AS n`: a column aliasing the rowid would otherwise give the row its own name.)
  const newRows = db.prepare<[number], { n: number; event_id: string }>(
    'SELECT rowid AS n, event_id FROM events WHERE rowid > ? ORDER BY rowid',
  );
  let lastRowid = 0;
  const ackedAt = new Map<string, number>();
  const storedAt = new Map<string, number>();
  let visible: number[] = [];
  const poller = setInterval(() => {
    const now = performance.now();
    for (const row of newRows.all(lastRowid)) {
      lastRowid = row.n;
      const at = ackedAt.get(row.event_id);
      // Stored before this side read the reply: visible at once.
      if (at === undefined) storedAt.set(row.event_id, now);
      else {
        visible.push(now - at);
        ackedAt.delete(row.event_id);
      }
    }
  }, 5);
  const ids: string[] = [];
  let offset = 0;
  const bodyFor = (n: number) => {
    const body = variant(offset + n);
    ids[offset + n] = /"event_id":"([0-9a-f]{32})"/.exec(body.toString('latin1'))?.[1] ?? '';
    return body;
  };
  const acked = (n: number, at: number) => {
    const id = ids[offset + n] ?? '';
    if (storedAt.delete(id)) visible.push(0);
    else ackedAt.set(id, at);
  };
  const window = async (seconds: number): Promise<Visible> => {
    visible = [];
    await openLoopOf(target, bodyFor, 1000, seconds, acked);
    offset += 1000 * seconds;
    const deadline = performance.now() + 30_000;
    while (ackedAt.size > 0 && performance.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const sorted = [...visible].sort((x, y) => x - y);
    return {
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted.at(-1) ?? Number.NaN,
      events: sorted.length,
    };
  };
  const cold = await window(3);
  const steady = await window(10);
  clearInterval(poller);
  db.close();
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  fs.rmSync(dataDir, { recursive: true, force: true });
  return { cold, steady };
}

function rssMiB(pid: number | undefined): number {
  const file = `/proc/${pid}/status`;
  if (pid === undefined || !fs.existsSync(file)) return Number.NaN;
  return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(file, 'utf8'))?.[1]) / 1024;
}

/**
 * `bin/faultline serve` as users run it, fed `count` realistic events by 4 concurrent senders (a 503,
 * the queue full, is retried after a pause); its RSS sampled every second until every event is counted.
 */
async function longRun(
  count: number,
): Promise<{ samples: [string, number, number, number][]; peak: number; seconds: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-bench-rss-'));
  const { child, info } = await startServe(dataDir);
  const counted = async () => {
    const response = await fetch(`${info.url}/rpc/queue.stats`, {
      method: 'POST',
      headers: { 'x-faultline-token': info.token, 'content-type': 'application/json' },
      body: '{}',
    });
    const stats = ((await response.json()) as { result: { depth: number } }).result;
    return stats.depth;
  };
  const started = performance.now();
  let peak = 0;
  const samples: [string, number, number, number][] = [];
  const elapsed = () => Math.round((performance.now() - started) / 1000);
  // The queue's files on disk (database and WAL): what the pipeline has not deleted yet, and what
  // SQLite keeps of the space it freed.
  const queueMiB = () =>
    ['queue.sqlite', 'queue.sqlite-wal']
      .map((file) => path.join(dataDir, file))
      .reduce((sum, file) => sum + (fs.existsSync(file) ? fs.statSync(file).size : 0), 0) /
    1024 /
    1024;
  const marks = new Set([0.1, 0.25, 0.5, 0.75, 1].map((f) => Math.round(count * f)));
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMiB(child.pid));
  }, 1000);
  let acknowledged = 0;
  await sendAll(serveTarget(info), variant, count, 8, () => {
    acknowledged++;
    if (marks.has(acknowledged))
      samples.push([
        `${acknowledged.toLocaleString('en-US')} acknowledged`,
        elapsed(),
        rssMiB(child.pid),
        queueMiB(),
      ]);
  });
  while ((await counted()) > 0) await new Promise((resolve) => setTimeout(resolve, 1000));
  const seconds = (performance.now() - started) / 1000;
  samples.push(['all counted on their issues', elapsed(), rssMiB(child.pid), queueMiB()]);
  // The idle worker gives the queue file's space back in steps, and each quiet thread the young
  // generation the burst grew (idle-gc.ts).
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  samples.push(['10 s later, idle', elapsed(), rssMiB(child.pid), queueMiB()]);
  await new Promise((resolve) => setTimeout(resolve, 20_000));
  samples.push(['30 s later, idle', elapsed(), rssMiB(child.pid), queueMiB()]);
  clearInterval(sampler);
  peak = Math.max(peak, rssMiB(child.pid));
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  fs.rmSync(dataDir, { recursive: true, force: true });
  return { samples, peak, seconds };
}

const THREADS = defaultPrepareThreads() || 1;
if (!process.env.BENCH_ONLY_LATENCY) await throughputTable();

async function throughputTable(): Promise<void> {
  // The realistic events, made once: the same envelopes for each run and for the stages.
  const realistic = Array.from({ length: EVENTS }, (_, i) => variant(i));
  const pooled = await throughput(realistic, true, THREADS);
  const withGrouping = await throughput(realistic, true);
  const worstCase = await throughput(
    realistic.map((_, i) => variant(i, true)),
    true,
    THREADS,
  );
  const withoutGrouping = await throughput(realistic, false);
  const vsNoGrouping = (r: { eventsPerSecond: number }) =>
    `${(r.eventsPerSecond / withoutGrouping.eventsPerSecond).toFixed(2)}x`;
  console.log(
    `pipeline throughput, ${EVENTS.toLocaleString('en-US')} queued events, the worker's batch loop (${os.cpus().length} cores)`,
  );
  const row = (name: string, r: typeof pooled) => [
    name,
    r.issues,
    r.eventsPerSecond,
    r.cpuUsPerEvent,
    r.stored,
    r.rssMb,
    vsNoGrouping(r),
  ];
  printTable(
    ['pipeline', 'issues', 'events/s', 'CPU µs/event', 'stored', 'RSS MB', 'vs no grouping'],
    [
      row(
        `normalize + group + store, prepared on ${THREADS} thread(s) + the writer's share (Faultline as it runs)`,
        pooled,
      ),
      row('the same, prepared on the writing thread', withGrouping),
      row(
        `every event a new issue (worst case), ${THREADS} prepare thread(s) + the writer's share`,
        worstCase,
      ),
      row('normalize + store, grouping replaced by a fixed hash, one thread', withoutGrouping),
    ],
  );
  // Which thread is the limit: the one nearest a whole core (V8Worker: V8's garbage collection and
  // compilers; libuv-worker: DuckDB's statements, run on libuv's pool by its Node client).
  if (pooled.threads.length > 0) {
    const share =
      pooled.writerShare === undefined
        ? ''
        : `, ${pooled.writerShare.toFixed(2)} of each batch prepared by the writing thread at the end`;
    console.log(`\nCPU by thread, ${THREADS} prepare thread(s) (row 1 above${share})`);
    printTable(
      ['thread', 'CPU s', 'CPU µs/event', '% of a core'],
      pooled.threads.map(([name, seconds]) => [
        name,
        seconds,
        (seconds * 1e6) / EVENTS,
        `${((100 * seconds) / pooled.seconds).toFixed(0)}%`,
      ]),
    );
  }
  if (process.env.BENCH_SKIP_STAGES) return;
  await stageTable(realistic.slice(0, STAGE_EVENTS), BATCH, [
    { name: 'measured end to end, prepared on the writing thread (row 2 above)', ...withGrouping },
    { name: `measured end to end, ${THREADS} prepare thread(s) (row 1 above)`, ...pooled },
  ]);
}

/**
 * Runs of the latency measurement (a fresh server each): this machine's latency varies by more than
 * 2× from one run to the next, so one run says little. BENCH_RUNS overrides (as for the ingest bench).
 */
const LATENCY_RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const TARGET_MS = 1000;

if (!process.env.BENCH_SKIP_LATENCY) {
  const runs: Array<{ cold: Visible; steady: Visible }> = [];
  for (let run = 0; run < LATENCY_RUNS; run++) runs.push(await latency());
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[(sorted.length - 1) >> 1] ?? Number.NaN;
  };
  const row = (name: string, windows: Visible[]) => {
    const p99s = windows.map((w) => w.p99);
    return [
      name,
      windows.reduce((sum, w) => sum + w.events, 0),
      median(windows.map((w) => w.p50)),
      median(p99s),
      p99s.map((p99) => p99.toFixed(0)).join(' / '),
      Math.max(...windows.map((w) => w.max)),
      `${p99s.filter((p99) => p99 < TARGET_MS).length} of ${windows.length}`,
    ];
  };
  console.log(
    `\nack → counted on its issue at 1,000 events/s, \`faultline serve\` in its own process, ${LATENCY_RUNS} run(s), medians`,
  );
  printTable(
    ['window', 'events', 'p50 ms', 'p99 ms', 'p99 of each run', 'max ms', `p99 < ${TARGET_MS} ms in`],
    [
      row(
        'first 3 s after start (cold)',
        runs.map((r) => r.cold),
      ),
      row(
        'the 10 s after',
        runs.map((r) => r.steady),
      ),
    ],
  );
}
const LONG_RUN = Number(process.env.BENCH_PIPELINE_RSS_EVENTS ?? 0);
if (LONG_RUN > 0) {
  const run = await longRun(LONG_RUN);
  console.log(
    `\nRSS of \`faultline serve\` over ${LONG_RUN.toLocaleString('en-US')} events sent over HTTP (${run.seconds.toFixed(0)} s until all were counted)`,
  );
  printTable(['when', 's', 'RSS MiB', 'queue files MiB'], run.samples);
  console.log(`peak ${run.peak.toFixed(0)} MiB`);
} else {
  console.log(
    '\n(RSS over a long run: BENCH_PIPELINE_RSS_EVENTS=1000000 npm run bench -- pipeline, about 10 minutes)',
  );
}
