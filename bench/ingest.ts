/**
 * Ingest benchmark: envelopes/s and ack latency (p50/p99) of Faultline's durable ingest against
 * Spotlight's sidecar (`@spotlightjs/spotlight` 4.11.8, in-memory only) on the same load.
 *
 *   node bench/ingest.ts [--seconds 3] [--no-spotlight] [--with-pipeline] [--synchronous full|normal]
 *
 * `--synchronous normal` shows what acknowledging after the commit reached the OS (WAL, survives a
 * process crash, not a power cut) instead of after its fsync would give.
 *
 * Each server runs in its own process on loopback; this process is the load generator (keep-alive
 * HTTP, closed loop at concurrency 1, 16 and 64, with a 1 KB and a ~5 KB event envelope from the
 * corpus). A last run sends 1,000 envelopes/s open-loop to Faultline to check p99 ack < 10 ms.
 * Faultline acknowledges only after the envelope is committed to SQLite (WAL, synchronous=FULL).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const REPO = path.resolve(import.meta.dirname, '..');
const CORPUS = path.resolve(REPO, '../shared/corpus/envelopes');
const SPOTLIGHT = '@spotlightjs/spotlight@4.11.8';
const HONO = 'hono@4.12.27';
const CONCURRENCY = [1, 16, 64];

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    'no-spotlight': { type: 'boolean', default: false },
    'with-pipeline': { type: 'boolean', default: false },
    synchronous: { type: 'string', default: 'full' },
  },
});
const SECONDS = Number(values.seconds);

interface Target {
  name: string;
  url: string;
  headers: http.OutgoingHttpHeaders;
  child: ChildProcess;
}

interface CellResult {
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

// ---------------------------------------------------------------------------------------------
// Payloads

function payloads(): Array<{ name: string; body: Buffer }> {
  const realistic = path.join(CORPUS, 'node-v11-event-exception.envelope');
  const fiveKb = fs.existsSync(realistic)
    ? fs.readFileSync(realistic)
    : syntheticEvent(5 * 1024, 'corpus missing: synthetic 5 KB event');
  return [
    { name: '1 KB event', body: syntheticEvent(1024, 'bench') },
    { name: `${(fiveKb.length / 1024).toFixed(1)} KB SDK event`, body: fiveKb },
  ];
}

/** A valid error-event envelope of exactly `size` bytes. */
function syntheticEvent(size: number, message: string): Buffer {
  const header = `{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc","sent_at":"2026-01-01T00:00:00.000Z","sdk":{"name":"sentry.javascript.node","version":"11.12.0"}}\n{"type":"event"}\n`;
  const prefix = `{"level":"error","platform":"node","message":"${message}","extra":{"pad":"`;
  const suffix = '"}}';
  const pad = size - Buffer.byteLength(header + prefix + suffix);
  return Buffer.from(header + prefix + 'x'.repeat(Math.max(0, pad)) + suffix);
}

// ---------------------------------------------------------------------------------------------
// Servers

/** Server scripts are files, not `-e`: the pipeline's worker thread would inherit `--input-type`. */
function scriptFile(name: string, source: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-bench-script-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, source);
  return file;
}

function waitForLine(child: ChildProcess, what: string): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start in 60 s`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n').find((candidate) => candidate.startsWith('{"ready"'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as Record<string, string>);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (process.env.BENCH_DEBUG) process.stderr.write(chunk);
    });
    child.on('exit', (code) => reject(new Error(`${what} exited with ${code}`)));
  });
}

/**
 * Faultline's ingest as `createCore` builds it: the same HTTP server, route, queue and outcome
 * store. By default without the pipeline worker, so that the numbers are ingest's own (Spotlight
 * does no processing either); `--with-pipeline` runs the whole core, draining as it goes.
 */
async function startFaultline(dataDir: string, withPipeline: boolean): Promise<Target> {
  const url = (file: string) => JSON.stringify(pathToFileURL(path.join(REPO, 'src-main/core', file)).href);
  const script = withPipeline
    ? `
    const { createCore } = await import(${url('core.ts')});
    const quiet = { info() {}, warn() {}, error(m, e) { process.stderr.write(m + ' ' + e + '\\n'); } };
    const core = await createCore({ dataDir: ${JSON.stringify(dataDir)}, port: 0, host: '127.0.0.1', mode: 'headless', log: quiet });
    const key = core.ctx.projects.get(1).keys[0].publicKey;
    console.log(JSON.stringify({ ready: true, url: core.url, key }));
    process.on('SIGTERM', async () => { await core.close(); process.exit(0); });`
    : `
    const { openSqlite } = await import(${url('store/sqlite.ts')});
    const { ProjectStore } = await import(${url('store/projects.ts')});
    const { IngestQueue } = await import(${url('store/queue.ts')});
    const { OutcomeStore } = await import(${url('store/outcomes.ts')});
    const { LiveBus } = await import(${url('live.ts')});
    const { createHttpServer, listen } = await import(${url('http/server.ts')});
    const { ingestEndpoint } = await import(${url('ingest/endpoint.ts')});
    const db = openSqlite(${JSON.stringify(dataDir)});
    db.pragma(${JSON.stringify(`synchronous = ${values.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`)});
    let port = 0;
    const quiet = { info() {}, warn() {}, error(m, e) { process.stderr.write(m + ' ' + e + '\\n'); } };
    const ctx = {
      version: 'bench', mode: 'headless', dataDir: ${JSON.stringify(dataDir)}, db,
      projects: new ProjectStore(db, () => 'http://127.0.0.1:' + port),
      // No pipeline drains this queue: let it grow for the length of the run.
      ingestQueue: new IngestQueue(db, { maxRows: 1e9, maxBytes: 64 * 1024 ** 3 }), outcomes: new OutcomeStore(db), live: new LiveBus(), log: quiet,
      ingestUrl: () => 'http://127.0.0.1:' + port,
    };
    ctx.projects.ensureDefaultProject();
    const server = createHttpServer([ingestEndpoint(ctx)], (e) => quiet.error('request failed', e));
    const listening = await listen(server, '127.0.0.1', 0);
    port = listening.port;
    const key = ctx.projects.get(1).keys[0].publicKey;
    console.log(JSON.stringify({ ready: true, url: 'http://127.0.0.1:' + port, key }));
    process.on('SIGTERM', async () => {
      await listening.close();
      const depth = ctx.ingestQueue.stats().enqueuedTotal;
      ctx.ingestQueue.close(); ctx.outcomes.close(); db.close();
      process.stderr.write('queued ' + depth + '\\n');
      process.exit(0);
    });`;
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE] : []),
      scriptFile('faultline-server.mjs', script),
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const ready = await waitForLine(child, 'Faultline');
  return {
    name: 'Faultline',
    url: `${ready.url}/api/1/envelope/?sentry_version=7&sentry_key=${ready.key}&sentry_client=bench%2F1.0`,
    headers: {},
    child,
  };
}

function installSpotlight(): string {
  const prefix = path.join(os.tmpdir(), 'faultline-bench-spotlight');
  const main = path.join(prefix, 'node_modules/@spotlightjs/spotlight/dist/server/main.js');
  if (!fs.existsSync(main)) {
    process.stderr.write(`installing ${SPOTLIGHT} and ${HONO} into ${prefix} …\n`);
    fs.mkdirSync(prefix, { recursive: true });
    execFileSync(
      'npm',
      ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--ignore-scripts', SPOTLIGHT, HONO],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
  }
  return main;
}

async function startSpotlight(main: string): Promise<Target> {
  // The sidecar listens on all interfaces and has no host option: pin its listen() to loopback.
  const script = `
    import net from 'node:net';
    const listen = net.Server.prototype.listen;
    net.Server.prototype.listen = function (...args) {
      if (typeof args[0] === 'number' && (args[1] === undefined || typeof args[1] === 'function')) {
        args.splice(1, args[1] === undefined ? 1 : 0, '127.0.0.1');
      }
      return listen.apply(this, args);
    };
    const { setupSpotlight } = await import(${JSON.stringify(pathToFileURL(main).href)});
    const quiet = { info() {}, warn() {}, error() {}, debug() {} };
    const server = await setupSpotlight({ port: 0, isStandalone: true, logger: quiet });
    console.log(JSON.stringify({ ready: true, port: String(server.address().port) }));
  `;
  const child = spawn(process.execPath, [scriptFile('spotlight-server.mjs', script)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SENTRY_SPOTLIGHT: '', NODE_ENV: 'development' },
  });
  const ready = await waitForLine(child, 'Spotlight');
  return {
    name: 'Spotlight',
    url: `http://127.0.0.1:${ready.port}/stream`,
    headers: { 'content-type': 'application/x-sentry-envelope' },
    child,
  };
}

function rssMiB(pid: number | undefined): number {
  const file = `/proc/${pid}/status`;
  if (pid === undefined || !fs.existsSync(file)) return Number.NaN;
  const status = fs.readFileSync(file, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
  return kb / 1024;
}

async function stop(target: Target): Promise<void> {
  await new Promise<void>((resolve) => {
    target.child.once('exit', () => resolve());
    target.child.kill('SIGTERM');
    setTimeout(() => {
      target.child.kill('SIGKILL');
      resolve();
    }, 5000).unref();
  });
}

// ---------------------------------------------------------------------------------------------
// Load

function send(agent: http.Agent, target: Target, body: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      target.url,
      { method: 'POST', agent, headers: { ...target.headers, 'content-length': body.length } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summarize(latencies: number[], errors: number, elapsedMs: number): CellResult {
  const sorted = Float64Array.from(latencies).sort();
  return {
    perSecond: (latencies.length / elapsedMs) * 1000,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    errors,
  };
}

/** Closed loop: `concurrency` clients, each sending its next envelope when the last is acked. */
async function closedLoop(
  target: Target,
  body: Buffer,
  concurrency: number,
  seconds: number,
): Promise<CellResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let errors = 0;
  const run = async (until: number, record: boolean) => {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) {
          const started = performance.now();
          const status = await send(agent, target, body);
          if (!record) continue;
          if (status === 200) latencies.push(performance.now() - started);
          else errors++;
        }
      }),
    );
  };
  await run(performance.now() + 500, false); // warm-up: connections, JIT, SQLite pages
  const started = performance.now();
  await run(started + seconds * 1000, true);
  const elapsed = performance.now() - started;
  agent.destroy();
  return summarize(latencies, errors, elapsed);
}

/** Open loop at a fixed rate: latency as a client sending steadily would see it. */
async function openLoop(
  target: Target,
  body: Buffer,
  perSecond: number,
  seconds: number,
): Promise<CellResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const latencies: number[] = [];
  let errors = 0;
  const inflight: Promise<void>[] = [];
  const started = performance.now();
  const total = perSecond * seconds;
  for (let sent = 0; sent < total; ) {
    const due = Math.floor(((performance.now() - started) / 1000) * perSecond);
    while (sent < Math.min(due, total)) {
      sent++;
      const at = performance.now();
      inflight.push(
        send(agent, target, body).then((status) => {
          if (status === 200) latencies.push(performance.now() - at);
          else errors++;
        }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(inflight);
  agent.destroy();
  return summarize(latencies, errors, performance.now() - started);
}

// ---------------------------------------------------------------------------------------------
// Report

const fmt = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '—');

function printTable(
  rows: Array<{ payload: string; concurrency: number; faultline: CellResult; spotlight?: CellResult }>,
) {
  const header = [
    'payload',
    'conc',
    'Faultline env/s',
    'p50 ms',
    'p99 ms',
    'Spotlight env/s',
    'p50 ms',
    'p99 ms',
    'ratio',
  ];
  const lines = rows.map(({ payload, concurrency, faultline, spotlight }) => [
    payload,
    String(concurrency),
    fmt(faultline.perSecond, 0) + (faultline.errors ? ` (${faultline.errors} err)` : ''),
    fmt(faultline.p50, 2),
    fmt(faultline.p99, 2),
    spotlight ? fmt(spotlight.perSecond, 0) + (spotlight.errors ? ` (${spotlight.errors} err)` : '') : '—',
    spotlight ? fmt(spotlight.p50, 2) : '—',
    spotlight ? fmt(spotlight.p99, 2) : '—',
    spotlight ? `${fmt(faultline.perSecond / spotlight.perSecond, 1)}×` : '—',
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i]!.length)));
  const render = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(render(header));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const line of lines) console.log(render(line));
}

async function main(): Promise<void> {
  const bodies = payloads();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-bench-'));
  console.log(
    `Node ${process.versions.node}, ${os.cpus().length} CPUs, ${SECONDS} s per cell, data dir ${dataDir}`,
  );

  const withPipeline = values['with-pipeline'] ?? false;
  console.log(
    withPipeline
      ? 'Faultline: the whole core, pipeline worker draining the queue'
      : `Faultline: ingest and durable queue, SQLite synchronous=${values.synchronous === 'normal' ? 'NORMAL' : 'FULL'} (no pipeline worker; --with-pipeline for the whole core)`,
  );
  const faultline = await startFaultline(dataDir, withPipeline);
  const faultlineRss = { before: rssMiB(faultline.child.pid), after: 0 };
  const results = new Map<string, CellResult>();
  for (const { name, body } of bodies) {
    for (const concurrency of CONCURRENCY) {
      results.set(`F|${name}|${concurrency}`, await closedLoop(faultline, body, concurrency, SECONDS));
    }
  }
  const steady = await openLoop(faultline, bodies[1]!.body, 1000, Math.max(3, SECONDS));
  faultlineRss.after = rssMiB(faultline.child.pid);
  await stop(faultline);

  let spotlightRss: { before: number; after: number } | undefined;
  if (!values['no-spotlight']) {
    try {
      const spotlight = await startSpotlight(installSpotlight());
      spotlightRss = { before: rssMiB(spotlight.child.pid), after: 0 };
      for (const { name, body } of bodies) {
        for (const concurrency of CONCURRENCY) {
          results.set(`S|${name}|${concurrency}`, await closedLoop(spotlight, body, concurrency, SECONDS));
        }
      }
      spotlightRss.after = rssMiB(spotlight.child.pid);
      await stop(spotlight);
    } catch (error) {
      console.log(`Spotlight skipped: ${(error as Error).message}`);
    }
  }

  console.log('');
  printTable(
    bodies.flatMap(({ name }) =>
      CONCURRENCY.map((concurrency) => {
        const row: { payload: string; concurrency: number; faultline: CellResult; spotlight?: CellResult } = {
          payload: name,
          concurrency,
          faultline: results.get(`F|${name}|${concurrency}`)!,
        };
        const spotlight = results.get(`S|${name}|${concurrency}`);
        if (spotlight) row.spotlight = spotlight;
        return row;
      }),
    ),
  );
  console.log('');
  console.log(
    `Faultline at 1,000 envelopes/s (${bodies[1]!.name}, open loop): achieved ${fmt(steady.perSecond, 0)}/s, ` +
      `p50 ${fmt(steady.p50, 2)} ms, p99 ${fmt(steady.p99, 2)} ms${steady.errors ? `, ${steady.errors} errors` : ''} ` +
      `(target p99 < 10 ms: ${steady.p99 < 10 ? 'met' : 'NOT met'})`,
  );
  console.log(`RSS Faultline: ${fmt(faultlineRss.before)} MiB before, ${fmt(faultlineRss.after)} MiB after`);
  if (spotlightRss) {
    console.log(
      `RSS Spotlight: ${fmt(spotlightRss.before)} MiB before, ${fmt(spotlightRss.after)} MiB after`,
    );
  }
  const key = `${bodies[1]!.name}|16`;
  const f16 = results.get(`F|${key}`);
  const s16 = results.get(`S|${key}`);
  if (f16 && s16) {
    const ratio = f16.perSecond / s16.perSecond;
    console.log(
      `Concurrency 16, ${bodies[1]!.name}: Faultline/Spotlight = ${fmt(ratio, 1)}× (target ≥ 10×: ${ratio >= 10 ? 'met' : 'NOT met'})`,
    );
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}

await main();
