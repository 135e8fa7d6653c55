/**
 * Ingest benchmark: envelopes/s and ack latency (p50/p99) of Faultline's durable ingest against
 * Spotlight's sidecar (`@spotlightjs/spotlight` 4.11.8 with hono 4.12.27, in memory only) on the
 * same load, in the same run.
 *
 *   npm run bench -- ingest          (BENCH_RUNS, BENCH_SECONDS, BENCH_SPOTLIGHT=0, BENCH_INGEST_ONLY=0, BENCH_BARE=0, BENCH_FLOOR=0)
 *   node bench/ingest.ts [--runs 3] [--seconds 3] [--no-spotlight] [--no-ingest-only] [--no-bare] [--no-floor]
 *
 * Servers, each in its own process on loopback:
 * - "Faultline": `bin/faultline serve --port 0 --data-dir TMP` exactly as users run it (the built
 *   bundle: run `npx electron-vite build` first), pipeline worker draining the queue as it goes.
 *   A 200 means the envelope is committed to SQLite (WAL, synchronous=FULL) on the data dir's disk.
 * - "ingest only": the same HTTP server, ingest endpoint and durable queue composed from the sources
 *   without the pipeline worker (no user runs this; it shows what the pipeline costs ingest).
 * - "Spotlight": its sidecar, checked to answer 200 and to show the envelope on its `/stream`.
 * - "bare HTTP": Node's own HTTP server that reads the body and answers `{}`, storing nothing: what
 *   this machine, Node and this load generator allow any Node server at all (a reference, not a peer).
 * - "durable floor": the least any server must do that acknowledges only what reached the disk, on
 *   the data dir's disk: raw sockets (no HTTP library), bodies appended to a preallocated file, one
 *   fdatasync per group of requests, then `{}`. No parsing, no checks, no index: what durable
 *   acknowledgement itself allows on this machine (a reference, not a peer).
 *
 * Also the data dir's disk alone: the latency of an fdatasync after a 4 KB append. Against a server
 * that acknowledges only what reached the disk, each sender waits at least one fsync per envelope.
 *
 * This process is the load generator (raw keep-alive sockets, see _ingest-load.ts): closed loop at
 * concurrency 1, 16 and 64, with a 1 KB and the corpus's 4.5 KB Node SDK exception envelope, then
 * 1,000 envelopes/s open loop for the p99 target. Only the server being measured runs: the others
 * are SIGSTOPped, so Faultline's pipeline catching up never steals CPU from another's cell. Cells
 * are interleaved across servers and repeated; the table shows medians over the runs.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { type CellResult, closedLoop, type LoadTarget, openLoop, postOnce } from './_ingest-load.ts';
import { printTable } from './_table.ts';

const REPO = path.resolve(import.meta.dirname, '..');
const CORPUS = path.resolve(REPO, '../shared/corpus/envelopes');
const SPOTLIGHT = '@spotlightjs/spotlight@4.11.8';
const HONO = 'hono@4.12.27';
const CONCURRENCY = [1, 16, 64];
const STEADY_RATE = 1000;

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: process.env.BENCH_RUNS ?? '3' },
    seconds: { type: 'string', default: process.env.BENCH_SECONDS ?? '3' },
    'no-spotlight': { type: 'boolean', default: process.env.BENCH_SPOTLIGHT === '0' },
    'no-ingest-only': { type: 'boolean', default: process.env.BENCH_INGEST_ONLY === '0' },
    'no-bare': { type: 'boolean', default: process.env.BENCH_BARE === '0' },
    'no-floor': { type: 'boolean', default: process.env.BENCH_FLOOR === '0' },
  },
});
const RUNS = Number(values.runs);
const SECONDS = Number(values.seconds);

interface Server {
  name: string;
  target: LoadTarget;
  child: ChildProcess;
  rssBefore: number;
  /** Envelopes the server says it queued (Faultline only), read after the load. */
  queued?: () => Promise<number>;
  /** Waits until the pipeline has drained the queue (Faultline serve only); returns the depth left. */
  drain?: (timeoutMs: number) => Promise<number>;
  /** After each of its cells, while it is stopped. */
  afterCell?: () => void;
}

// ---------------------------------------------------------------------------------------------
// Payloads

function payloads(): Array<{ name: string; body: Buffer }> {
  const sdkFile = path.join(CORPUS, 'node-v11-event-exception.envelope');
  if (!fs.existsSync(sdkFile)) console.warn(`corpus missing (${sdkFile}): using a synthetic 4.5 KB event`);
  const sdk = fs.existsSync(sdkFile) ? fs.readFileSync(sdkFile) : syntheticEvent(4600, 'synthetic');
  return [
    { name: '1 KB event', body: syntheticEvent(1024, 'bench') },
    { name: `${(sdk.length / 1024).toFixed(1)} KB SDK event`, body: sdk },
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

function rssMiB(pid: number | undefined): number {
  const file = `/proc/${pid}/status`;
  if (pid === undefined || !fs.existsSync(file)) return Number.NaN;
  return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(file, 'utf8'))?.[1]) / 1024;
}

function collectStderr(child: ChildProcess, name: string): void {
  child.stderr?.on('data', (chunk: Buffer) => {
    if (process.env.BENCH_DEBUG) process.stderr.write(`[${name}] ${chunk}`);
  });
}

function exited(child: ChildProcess, what: string): Promise<never> {
  return new Promise((_, reject) =>
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code}`))),
  );
}

async function until<T>(what: string, poll: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = poll();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`${what} did not start in ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function rpc(url: string, token: string, method: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}/rpc/${method}`,
      { method: 'POST', headers: { 'content-type': 'application/json', 'x-faultline-token': token } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const reply = JSON.parse(Buffer.concat(chunks).toString()) as { result?: Record<string, unknown> };
          if (reply.result) resolve(reply.result);
          else reject(new Error(`${method}: ${Buffer.concat(chunks)}`));
        });
      },
    );
    req.on('error', reject);
    req.end('{}');
  });
}

function envelopeTarget(url: string, publicKey: string): LoadTarget {
  const { hostname, port } = new URL(url);
  return {
    host: hostname,
    port: Number(port),
    path: `/api/1/envelope/?sentry_version=7&sentry_key=${publicKey}&sentry_client=sentry.javascript.node%2F11.12.0`,
    headers: { 'content-type': 'application/x-sentry-envelope', 'user-agent': 'node' },
  };
}

/** `faultline serve`, as users run it; ready once it has written DATA_DIR/server.json. */
async function startFaultlineServe(dataDir: string): Promise<Server> {
  const cli = path.join(REPO, 'out/main/cli.js');
  if (!fs.existsSync(cli)) throw new Error('out/main/cli.js is missing: run `npx electron-vite build` first');
  const stale = newestSource(path.join(REPO, 'src-main'));
  if (stale > fs.statSync(cli).mtimeMs)
    console.warn('warning: src-main/ changed after the last build; run `npx electron-vite build` first');
  const child = spawn(
    process.execPath,
    [path.join(REPO, 'bin/faultline'), 'serve', '--port', '0', '--data-dir', dataDir],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  collectStderr(child, 'faultline');
  const infoFile = path.join(dataDir, 'server.json');
  const info = await Promise.race([
    exited(child, 'faultline serve'),
    until('faultline serve', () =>
      fs.existsSync(infoFile)
        ? (JSON.parse(fs.readFileSync(infoFile, 'utf8')) as { url: string; token: string; dsn: string })
        : undefined,
    ),
  ]);
  const publicKey = new URL(info.dsn).username;
  const stats = () => rpc(info.url, info.token, 'queue.stats');
  return {
    name: 'Faultline',
    target: envelopeTarget(info.url, publicKey),
    child,
    rssBefore: rssMiB(child.pid),
    queued: async () => Number((await stats()).enqueuedTotal),
    drain: async (timeoutMs) => {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const depth = Number((await stats()).depth);
        if (depth === 0 || performance.now() > deadline) return depth;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts'))
      newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Server scripts are files, not `-e`: a worker thread would inherit `--input-type`. */
function scriptFile(name: string, source: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-bench-script-'));
  // The server has loaded it by the time it prints its ready line; removed at exit, whatever happens.
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, name);
  fs.writeFileSync(file, source);
  return file;
}

/**
 * Starts a server script (written to a file, see scriptFile) and resolves with the process and its
 * `{"ready": …}` line, or rejects if it exits first. `name` labels its stderr under BENCH_DEBUG.
 */
async function startScript(
  file: string,
  script: string,
  name: string,
  env?: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; ready: Record<string, string> }> {
  // The Node flags run.ts gave this process (the servers composed from sources start threads too).
  const child = spawn(process.execPath, [...process.execArgv, scriptFile(file, script)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(env ? { env } : {}),
  });
  collectStderr(child, name);
  const ready = await Promise.race([exited(child, name), readyLine(child)]);
  return { child, ready };
}

function readyLine(child: ChildProcess): Promise<Record<string, string>> {
  return new Promise((resolve) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n').find((candidate) => candidate.startsWith('{"ready"'));
      if (line) resolve(JSON.parse(line) as Record<string, string>);
    });
  });
}

/**
 * The ingest half of `createCore` without the pipeline worker: the same HTTP server, endpoint,
 * queue (same bounds) and outcome store, from the sources. Prints what it queued on SIGTERM.
 */
async function startIngestOnly(dataDir: string): Promise<Server> {
  const url = (file: string) => JSON.stringify(pathToFileURL(path.join(REPO, 'src-main/core', file)).href);
  const script = `
    const { openSqlite } = await import(${url('store/sqlite.ts')});
    const { ProjectStore } = await import(${url('store/projects.ts')});
    const { IngestQueue } = await import(${url('store/queue.ts')});
    const { openQueueDb } = await import(${url('store/queue-db.ts')});
    const { OutcomeStore } = await import(${url('store/outcomes.ts')});
    const { LiveBus } = await import(${url('live.ts')});
    const { createHttpServer, listen } = await import(${url('http/server.ts')});
    const { ingestEndpoint } = await import(${url('ingest/endpoint.ts')});
    const db = openSqlite(${JSON.stringify(dataDir)});
    const queueDb = openQueueDb(${JSON.stringify(dataDir)});
    let port = 0;
    const quiet = { info() {}, warn() {}, error(m, e) { process.stderr.write(m + ' ' + e + '\\n'); } };
    const ctx = {
      version: 'bench', mode: 'headless', dataDir: ${JSON.stringify(dataDir)}, db,
      projects: new ProjectStore(db, () => 'http://127.0.0.1:' + port),
      // Nothing drains this queue: no bound, or a fast run fills it and the later cells measure 503s.
      ingestQueue: new IngestQueue(queueDb, { maxRows: 1e9, maxBytes: 1e13 }), outcomes: new OutcomeStore(db), live: new LiveBus(), log: quiet,
      ingestUrl: () => 'http://127.0.0.1:' + port,
    };
    ctx.projects.ensureDefaultProject();
    const server = createHttpServer([ingestEndpoint(ctx)], (e) => quiet.error('request failed', e));
    const listening = await listen(server, '127.0.0.1', 0);
    port = listening.port;
    const key = ctx.projects.get(1).keys[0].publicKey;
    console.log(JSON.stringify({ ready: true, url: 'http://127.0.0.1:' + port, key }));
    process.on('SIGUSR2', () => console.log('queued ' + ctx.ingestQueue.stats().enqueuedTotal));
    process.on('SIGTERM', async () => {
      await listening.close();
      ctx.ingestQueue.close(); ctx.outcomes.close(); queueDb.close(); db.close();
      process.exit(0);
    });`;
  const { child, ready } = await startScript('faultline-ingest-only.mjs', script, 'ingest-only server');
  // No pipeline drains this queue: empty it between cells (as a consumer would, on another
  // connection) so that it never reaches its bound.
  const consumer = new Database(path.join(dataDir, 'queue.sqlite'));
  consumer.pragma('busy_timeout = 5000');
  child.once('exit', () => consumer.close());
  return {
    name: 'ingest only',
    target: envelopeTarget(ready.url!, ready.key!),
    child,
    rssBefore: rssMiB(child.pid),
    afterCell: () => consumer.prepare('DELETE FROM ingest_queue').run(),
    queued: () =>
      new Promise((resolve) => {
        const onData = (chunk: Buffer) => {
          const match = /queued (\d+)/.exec(chunk.toString());
          if (!match) return;
          child.stdout?.off('data', onData);
          resolve(Number(match[1]));
        };
        child.stdout?.on('data', onData);
        child.kill('SIGUSR2');
      }),
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
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
  }
  return main;
}

async function startSpotlight(main: string): Promise<Server> {
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
  const { child, ready } = await startScript('spotlight-server.mjs', script, 'Spotlight', {
    ...process.env,
    SENTRY_SPOTLIGHT: '',
    NODE_ENV: 'development',
  });
  return {
    name: 'Spotlight',
    target: {
      host: '127.0.0.1',
      port: Number(ready.port),
      path: '/stream',
      headers: { 'content-type': 'application/x-sentry-envelope', 'user-agent': 'node' },
    },
    child,
    rssBefore: rssMiB(child.pid),
  };
}

/** Spotlight answers 200 to anything: check that it parsed the envelope and shows it on `/stream`. */
async function verifySpotlight(server: Server, body: Buffer): Promise<string> {
  const eventId = 'feedc0de'.repeat(4);
  const marked = Buffer.from(
    body.toString('latin1').replace(/"event_id":"[0-9a-f]{32}"/, `"event_id":"${eventId}"`),
    'latin1',
  );
  const reply = await postOnce(server.target, marked);
  if (reply.status !== 200) throw new Error(`Spotlight answered ${reply.status}`);
  const shown = await new Promise<boolean>((resolve) => {
    const req = http.get(`http://127.0.0.1:${server.target.port}/stream`, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes(eventId)) {
          req.destroy();
          resolve(true);
        }
      });
    });
    req.on('error', () => resolve(false));
    setTimeout(() => {
      req.destroy();
      resolve(false);
    }, 5000);
  });
  if (!shown) throw new Error('Spotlight answered 200 but its /stream does not show the envelope');
  return 'Spotlight: answers 200 and streams the envelope back on GET /stream (in-memory buffer)';
}

/** Node's HTTP server doing nothing but reading the body and answering `{}` (see the header). */
async function startBareHttp(): Promise<Server> {
  const script = `
    import http from 'node:http';
    const server = http.createServer((req, res) => {
      req.on('data', () => {});
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      });
    });
    server.keepAliveTimeout = 60_000;
    server.listen(0, '127.0.0.1', () =>
      console.log(JSON.stringify({ ready: true, port: String(server.address().port) })),
    );
  `;
  return startReference('bare HTTP', 'bare-http.mjs', script);
}

/** A reference server (a script printing its ready line with its port), posted to as Faultline is. */
async function startReference(name: string, file: string, script: string): Promise<Server> {
  const { child, ready } = await startScript(file, script, `${name} server`);
  return {
    name,
    target: {
      host: '127.0.0.1',
      port: Number(ready.port),
      path: '/api/1/envelope/',
      headers: { 'content-type': 'application/x-sentry-envelope' },
    },
    child,
    rssBefore: rssMiB(child.pid),
  };
}

/**
 * The durable floor (see the header): HTTP/1.1 read straight off the socket (Content-Length bodies,
 * as the load generator sends), each body appended to a file preallocated on `dir`'s disk, so that
 * an append allocates nothing, as SQLite reuses its WAL; whatever arrived while the previous group
 * was being synced is written and synced as the next group (group commit), then each is answered.
 */
async function startDurableFloor(dir: string): Promise<Server> {
  const script = `
    import fs from 'node:fs';
    import net from 'node:net';
    const REPLY = Buffer.from('HTTP/1.1 200 OK\\r\\ncontent-type: application/json\\r\\ncontent-length: 2\\r\\n\\r\\n{}');
    const SIZE = 64 * 1024 * 1024;
    const fd = fs.openSync(${JSON.stringify(path.join(dir, 'durable-floor.log'))}, 'w');
    const zeros = Buffer.alloc(1024 * 1024);
    for (let at = 0; at < SIZE; at += zeros.length) fs.writeSync(fd, zeros, 0, zeros.length, at);
    fs.fsyncSync(fd);
    let position = 0;
    let pending = [];
    let syncing = false;
    const flush = () => {
      if (syncing || pending.length === 0) return;
      syncing = true;
      const group = pending;
      pending = [];
      const bodies = group.map(([, body]) => body);
      const length = bodies.reduce((sum, body) => sum + body.length, 0);
      if (position + length > SIZE) position = 0;
      fs.writev(fd, bodies, position, (error) => {
        if (error) throw error;
        position += length;
        fs.fdatasync(fd, (error) => {
          if (error) throw error;
          for (const [socket] of group) socket.write(REPLY);
          syncing = false;
          flush();
        });
      });
    };
    const server = net.createServer((socket) => {
      socket.setNoDelay(true);
      socket.on('error', () => {});
      let buffered = Buffer.alloc(0);
      socket.on('data', (chunk) => {
        buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
        for (;;) {
          const headEnd = buffered.indexOf('\\r\\n\\r\\n');
          if (headEnd < 0) break;
          const length = Number(/content-length:\\s*(\\d+)/i.exec(buffered.toString('latin1', 0, headEnd))?.[1] ?? 0);
          const end = headEnd + 4 + length;
          if (buffered.length < end) break;
          pending.push([socket, buffered.subarray(headEnd + 4, end)]);
          buffered = buffered.subarray(end);
        }
        flush();
      });
    });
    server.listen(0, '127.0.0.1', () =>
      console.log(JSON.stringify({ ready: true, port: String(server.address().port) })),
    );
  `;
  return startReference('durable floor', 'durable-floor.mjs', script);
}

/** fdatasync after a 4 KB append to a file in `dir`, 500 times: p50 and p99 in ms. */
function fsyncLatency(dir: string): { p50: number; p99: number } {
  const file = path.join(dir, 'fsync-probe');
  const fd = fs.openSync(file, 'a');
  const page = Buffer.alloc(4096, 1);
  const times: number[] = [];
  try {
    for (let i = 0; i < 500; i++) {
      fs.writeSync(fd, page);
      const started = performance.now();
      fs.fdatasyncSync(fd);
      times.push(performance.now() - started);
    }
  } finally {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length * 0.5)]!, p99: times[Math.floor(times.length * 0.99)]! };
}

/** Faultline must answer 200 {"id"} with the envelope's own event id. */
async function verifyFaultline(server: Server, body: Buffer): Promise<void> {
  const reply = await postOnce(server.target, body);
  const expected = /"event_id":"([0-9a-f]{32})"/.exec(body.toString('latin1'))?.[1];
  if (reply.status !== 200 || !reply.text.includes(`"${expected}"`))
    throw new Error(`${server.name} answered ${reply.status} ${reply.text}`);
}

/** Only `active` gets CPU: the others are stopped (SIGSTOP) while it is measured. */
function focus(servers: Server[], active: Server | undefined): void {
  for (const server of servers) server.child.kill(server === active ? 'SIGCONT' : 'SIGSTOP');
}

async function stop(server: Server): Promise<void> {
  server.child.kill('SIGCONT');
  await new Promise<void>((resolve) => {
    server.child.once('exit', () => resolve());
    server.child.kill('SIGTERM');
    setTimeout(() => {
      server.child.kill('SIGKILL');
      resolve();
    }, 8000).unref();
  });
}

// ---------------------------------------------------------------------------------------------
// Report

const median = (values: number[]) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const fmt = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '—');

function cellText(runs: CellResult[] | undefined): string[] {
  if (!runs || runs.length === 0) return ['—', '—', '—'];
  const errors = runs.reduce((sum, run) => sum + run.errors, 0);
  return [
    fmt(median(runs.map((run) => run.perSecond)), 0) + (errors ? ` (${errors} err)` : ''),
    fmt(median(runs.map((run) => run.p50)), 2),
    fmt(median(runs.map((run) => run.p99)), 2),
  ];
}

async function main(): Promise<void> {
  const bodies = payloads();
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-bench-'));
    dirs.push(dir);
    return dir;
  };
  console.log(
    `Node ${process.versions.node}, ${os.cpus().length} CPUs (load avg ${os.loadavg()[0]!.toFixed(1)}), ` +
      `${RUNS} runs × ${SECONDS} s per cell, medians; data dirs under ${os.tmpdir()}`,
  );

  const servers: Server[] = [];
  // Never leave a server behind, whatever fails.
  process.once('exit', () => {
    for (const server of servers) server.child.kill('SIGKILL');
  });
  servers.push(await startFaultlineServe(tempDir()));
  if (!values['no-ingest-only']) servers.push(await startIngestOnly(tempDir()));
  const notes: string[] = [];
  if (!values['no-spotlight']) {
    try {
      const spotlight = await startSpotlight(installSpotlight());
      notes.push(await verifySpotlight(spotlight, bodies[1]!.body));
      servers.push(spotlight);
    } catch (error) {
      console.log(`Spotlight skipped: ${(error as Error).message}`);
    }
  }
  if (!values['no-bare']) servers.push(await startBareHttp());
  if (!values['no-floor']) servers.push(await startDurableFloor(tempDir()));
  for (const server of servers) if (server.queued) await verifyFaultline(server, bodies[0]!.body);
  // Before any load, nothing else running: the disk's own floor.
  focus(servers, undefined);
  const disk = fsyncLatency(tempDir());

  const results = new Map<string, CellResult[]>();
  const record = (key: string, result: CellResult) => results.set(key, [...(results.get(key) ?? []), result]);
  let backlog = 0;
  for (let run = 0; run < RUNS; run++) {
    for (const { name, body } of bodies) {
      for (const concurrency of CONCURRENCY) {
        for (const server of servers) {
          focus(servers, server);
          if (server.drain) backlog = Math.max(backlog, await server.drain(20_000));
          record(
            `${server.name}|${name}|${concurrency}`,
            await closedLoop(server.target, body, concurrency, SECONDS),
          );
          focus(servers, undefined);
          server.afterCell?.();
        }
      }
    }
    for (const server of servers) {
      focus(servers, server);
      if (server.drain) backlog = Math.max(backlog, await server.drain(20_000));
      record(
        `${server.name}|steady`,
        await openLoop(server.target, bodies[1]!.body, STEADY_RATE, Math.max(3, SECONDS)),
      );
      focus(servers, undefined);
      server.afterCell?.();
    }
    process.stderr.write(`run ${run + 1}/${RUNS} done\n`);
  }
  focus(servers, undefined);

  const acked = (server: Server) =>
    [...results.entries()]
      .filter(([key]) => key.startsWith(`${server.name}|`))
      .reduce((sum, [, runs]) => sum + runs.reduce((s, run) => s + run.ok, 0), 0);
  for (const server of servers) {
    server.child.kill('SIGCONT');
    if (!server.queued) continue;
    const queued = await server.queued();
    // Warm-up requests and the check request are acked too: queued >= acked in the cells.
    notes.push(
      `${server.name}: ${acked(server)} envelopes acknowledged in measured cells, ${queued} committed to its queue in all`,
    );
  }
  const rssAfter = new Map(servers.map((server) => [server.name, rssMiB(server.child.pid)]));

  console.log('');
  const names = servers.map((server) => server.name);
  const spotlight = servers.find((server) => server.name === 'Spotlight');
  const references = servers.filter(
    (server) => server.name === 'bare HTTP' || server.name === 'durable floor',
  );
  const perSecond = (server: string, name: string, concurrency: number) =>
    median((results.get(`${server}|${name}|${concurrency}`) ?? []).map((run) => run.perSecond));
  printTable(
    [
      'payload',
      'conc',
      ...names.flatMap((name) => [`${name} env/s`, 'p50 ms', 'p99 ms']),
      ...(spotlight ? ['Faultline/Spotlight'] : []),
      ...(spotlight ? references.map((server) => `${server.name}/Spotlight`) : []),
    ],
    bodies.flatMap(({ name }) =>
      CONCURRENCY.map((concurrency) => {
        const spotlightRate = perSecond('Spotlight', name, concurrency);
        return [
          name,
          String(concurrency),
          ...names.flatMap((server) => cellText(results.get(`${server}|${name}|${concurrency}`))),
          ...(spotlight ? [`${fmt(perSecond('Faultline', name, concurrency) / spotlightRate, 1)}×`] : []),
          ...(spotlight
            ? references.map(
                (server) => `${fmt(perSecond(server.name, name, concurrency) / spotlightRate, 1)}×`,
              )
            : []),
        ];
      }),
    ),
  );
  console.log(
    `\nThe data dir's disk alone, before the load: fdatasync after a 4 KB append p50 ${fmt(disk.p50, 2)} ms, ` +
      `p99 ${fmt(disk.p99, 2)} ms. The durable floor column is what acknowledging only after such a sync ` +
      "allows on this disk with nothing else done: the bound for any durable queue here, Faultline's included.",
  );
  console.log('');
  printTable(
    [
      'server',
      `${STEADY_RATE}/s open loop: achieved/s`,
      'p50 ms',
      'p99 ms',
      'p99 of each run',
      'p99 < 10 ms (median)',
      'runs under 10 ms',
      'RSS before MiB',
      'RSS after MiB',
    ],
    servers.map((server) => {
      const steady = results.get(`${server.name}|steady`) ?? [];
      return [
        server.name,
        ...cellText(steady),
        steady.map((run) => fmt(run.p99, 1)).join(' / '),
        median(steady.map((run) => run.p99)) < 10 ? 'met' : 'NOT met',
        `${steady.filter((run) => run.p99 < 10).length} of ${steady.length}`,
        fmt(server.rssBefore),
        fmt(rssAfter.get(server.name) ?? Number.NaN),
      ];
    }),
  );
  console.log('');
  if (backlog > 0)
    notes.push(
      `Faultline: the pipeline had not drained ${backlog} queued envelopes after 20 s before a cell`,
    );
  for (const note of notes) console.log(note);

  for (const server of servers) await stop(server);
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
}

await main();
