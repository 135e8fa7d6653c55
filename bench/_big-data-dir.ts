/**
 * A large data dir built as users build one: envelopes sent to the real `bin/faultline serve` over
 * keep-alive HTTP (`_ingest-load.ts`'s `sendAll`). Error events from the corpus's Node SDK exception,
 * varied in issue (exception type and in-app function), message, tags, user, release, browser and
 * time (the last 14 days); a few hot issues hold most events. Every 20th request also sends a
 * transaction and a log container. Built once per directory and reused (`.bench-built.json` records
 * what it holds).
 */

import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type LoadTarget, postOnce, sendAll } from './_ingest-load.ts';
import { seededRandom } from './_random.ts';

const REPO = path.resolve(import.meta.dirname, '..');
const CORPUS = path.resolve(REPO, '../shared/corpus/envelopes');
const DAY = 86_400_000;

export interface BigDataDirShape {
  events: number;
  /** Issues besides the hot ones. */
  issues: number;
  /** Shares of all events of each hot issue. */
  hot: number[];
  days: number;
  /** Every this many events, also a transaction and a log container. */
  itemsEvery: number;
}

export const DEFAULT_SHAPE: BigDataDirShape = {
  events: 200_000,
  issues: 3_000,
  hot: [0.3, 0.26, 0.08],
  days: 14,
  itemsEvery: 20,
};

export interface ServeInfo {
  url: string;
  token: string;
  dsn: string;
}

export interface RunningServer {
  info: ServeInfo;
  child: ChildProcess;
  target: LoadTarget;
  stop(): Promise<void>;
}

/** `bin/faultline serve` on a free port over `dataDir`, once it has written server.json. */
export async function startServe(dataDir: string): Promise<RunningServer> {
  const infoFile = path.join(dataDir, 'server.json');
  fs.rmSync(infoFile, { force: true });
  const child = spawn(
    process.execPath,
    [path.join(REPO, 'bin/faultline'), 'serve', '--port', '0', '--data-dir', dataDir],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (process.env.BENCH_DEBUG) process.stderr.write(chunk);
  });
  const deadline = performance.now() + 120_000;
  let info: ServeInfo | undefined;
  while (!info) {
    if (child.exitCode !== null) throw new Error(`faultline serve exited with ${child.exitCode}: ${stderr}`);
    if (performance.now() > deadline) throw new Error('faultline serve did not start in 120 s');
    try {
      info = JSON.parse(fs.readFileSync(infoFile, 'utf8')) as ServeInfo;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  const { hostname, port } = new URL(info.url);
  const publicKey = new URL(info.dsn).username;
  return {
    info,
    child,
    target: {
      host: hostname,
      port: Number(port),
      path: `/api/1/envelope/?sentry_version=7&sentry_key=${publicKey}&sentry_client=sentry.javascript.node%2F11.12.0`,
      headers: { 'content-type': 'application/x-sentry-envelope', 'user-agent': 'node' },
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function rpc<T>(info: ServeInfo, method: string, params: unknown = {}): Promise<T> {
  const res = await fetch(`${info.url}/rpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-faultline-token': info.token },
    body: JSON.stringify(params),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } } & T;
  if (!res.ok) throw new Error(`${method}: ${res.status} ${JSON.stringify(body)}`);
  return (body.result ?? body) as T;
}

const TYPES = [
  'TypeError',
  'RangeError',
  'ReferenceError',
  'PaymentDeclined',
  'TimeoutError',
  'DatabaseError',
];
const ROUTES = ['/checkout', '/cart', '/api/orders', '/api/users', '/login', '/search', '/admin/reports'];
const BROWSERS: Array<[string, string]> = [
  ['Chrome', '131.0.0'],
  ['Chrome', '130.0.0'],
  ['Firefox', '133.0'],
  ['Safari', '18.1'],
  ['Edge', '131.0.0'],
];

interface Frame {
  function?: string;
  module?: string;
  filename?: string;
  in_app?: boolean;
}

/** Which issue event n belongs to: a hot one (0, 1, …) or one of the others (skewed towards the first). */
function issueOf(shape: BigDataDirShape, rand: () => number): number {
  let r = rand();
  for (let hot = 0; hot < shape.hot.length; hot++) {
    const share = shape.hot[hot] ?? 0;
    if (r < share) return hot;
    r -= share;
  }
  return shape.hot.length + Math.floor(shape.issues * rand() ** 2);
}

export function eventBodies(shape: BigDataDirShape, now: number): (n: number) => Buffer {
  const text = fs.readFileSync(path.join(CORPUS, 'node-v11-event-exception.envelope'), 'utf8');
  const [, itemHeader, payload] = text.split('\n');
  const event = JSON.parse(payload ?? '{}') as Record<string, unknown> & {
    exception: {
      values: Array<{ type: string; value: string; stacktrace: { frames: Frame[] }; mechanism: unknown }>;
    };
  };
  const frames = event.exception.values[0]?.stacktrace.frames ?? [];
  const transaction = fs.readFileSync(path.join(CORPUS, 'node-v11-transaction-static.envelope'), 'utf8');
  const log = fs.readFileSync(path.join(CORPUS, 'node-v11-log.envelope'), 'utf8');
  const eventOf = (n: number) => {
    const rand = seededRandom(n * 7919 + 17);
    const issue = issueOf(shape, rand);
    const eventId = n.toString(16).padStart(32, 'e').slice(-32);
    const traceId = (n * 2654435761).toString(16).padStart(32, '7').slice(-32);
    const timestamp = (now - rand() * shape.days * DAY) / 1000;
    const [browser, version] = BROWSERS[Math.floor(rand() * BROWSERS.length)] ?? ['Chrome', '131.0.0'];
    const user = Math.floor(rand() ** 1.5 * 5000);
    const release = `shop@1.${Math.floor(rand() * 10)}.0`;
    const route = ROUTES[Math.floor(rand() * ROUTES.length)] ?? '/';
    const type = TYPES[issue % TYPES.length] ?? 'Error';
    const body = {
      ...event,
      event_id: eventId,
      timestamp,
      release,
      environment: rand() < 0.8 ? 'production' : 'staging',
      user: {
        id: `u${user}`,
        email: `user${user}@example.com`,
        ip_address: `10.0.${user % 250}.${user % 200}`,
      },
      tags: { route, customer_tier: ['free', 'pro', 'enterprise'][user % 3], capture: 'yes' },
      contexts: {
        ...(event.contexts as object),
        trace: { trace_id: traceId, span_id: traceId.slice(0, 16) },
        browser: { name: browser, version },
      },
      exception: {
        values: [
          {
            type,
            value: `failure ${issue} in ${route}: order ${Math.floor(rand() * 1e6)} took ${Math.floor(rand() * 5000)} ms`,
            stacktrace: {
              frames: frames.map((frame, i) =>
                frame.in_app && i === frames.length - 1 ? { ...frame, function: `handle_${issue}` } : frame,
              ),
            },
            // The hottest issue is unhandled, as a crash loop is.
            mechanism: { type: issue === 0 ? 'onuncaughtexception' : 'generic', handled: issue !== 0 },
          },
        ],
      },
    };
    const parts = [
      `{"event_id":"${eventId}","sdk":{"name":"sentry.javascript.node","version":"11.12.0"}}`,
      itemHeader,
      JSON.stringify(body),
      '',
    ];
    return Buffer.from(parts.join('\n'));
  };
  const [, txHeader, txPayload] = transaction.split('\n');
  const [, logHeader, logPayload] = log.split('\n');
  /** A transaction and a log container of one trace (an envelope holds one event-like item). */
  const itemsOf = (n: number) => {
    const rand = seededRandom(n * 104729 + 3);
    const id = (n + 1).toString(16).padStart(32, 'f').slice(-32);
    const traceId = (n * 40503 + 1).toString(16).padStart(32, '5').slice(-32);
    const timestamp = (now - rand() * shape.days * DAY) / 1000;
    const route = ROUTES[Math.floor(rand() * ROUTES.length)] ?? '/';
    const tx = JSON.parse(txPayload ?? '{}') as Record<string, unknown> & { contexts: { trace: object } };
    tx.event_id = id;
    tx.timestamp = timestamp;
    tx.start_timestamp = timestamp - rand();
    tx.transaction = `GET ${route}`;
    tx.contexts = { ...tx.contexts, trace: { ...tx.contexts.trace, trace_id: traceId } };
    const logs = JSON.parse(logPayload ?? '{}') as { items: Array<Record<string, unknown>> };
    for (const item of logs.items) {
      item.timestamp = timestamp;
      item.trace_id = traceId;
      item.body = `${item.body} ${route} user u${Math.floor(rand() * 5000)}`;
    }
    const header = `{"event_id":"${id}","sdk":{"name":"sentry.javascript.node","version":"11.12.0"}}`;
    return Buffer.from(
      `${[header, txHeader, JSON.stringify(tx), logHeader, JSON.stringify(logs)].join('\n')}\n`,
    );
  };
  return (n) => (n < shape.events ? eventOf(n) : itemsOf(n - shape.events));
}

/** Envelopes `eventBodies` makes for a shape: its events, then the transactions and logs. */
export function envelopeCount(shape: BigDataDirShape): number {
  return shape.events + Math.floor(shape.events / shape.itemsEvery);
}

/**
 * Makes sure `dataDir` holds `shape`'s data: reuses it when its marker says so, else sends it all
 * through a fresh server and waits until the pipeline has stored and indexed every event.
 */
export async function ensureBigDataDir(
  dataDir: string,
  shape: BigDataDirShape = DEFAULT_SHAPE,
): Promise<void> {
  const marker = path.join(dataDir, '.bench-built.json');
  if (fs.existsSync(marker)) {
    const built = JSON.parse(fs.readFileSync(marker, 'utf8')) as { shape: BigDataDirShape };
    if (JSON.stringify(built.shape) !== JSON.stringify(shape))
      console.warn(`${dataDir} holds another shape (${JSON.stringify(built.shape)}); using it as it is`);
    return;
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const server = await startServe(dataDir);
  try {
    const started = performance.now();
    const bodyFor = eventBodies(shape, Date.now());
    let sent = 0;
    const progress = setInterval(() => {
      const seconds = (performance.now() - started) / 1000;
      console.log(`  sent ${sent.toLocaleString()} envelopes in ${seconds.toFixed(0)} s`);
    }, 10_000);
    for (const n of [0, shape.events]) {
      const reply = await postOnce(server.target, bodyFor(n));
      if (reply.status !== 200) throw new Error(`envelope ${n} answered ${reply.status}: ${reply.text}`);
    }
    await sendAll(
      server.target,
      (n) => bodyFor(n + 1),
      envelopeCount(shape) - 1,
      16,
      () => sent++,
    );
    clearInterval(progress);
    for (;;) {
      const stats = await rpc<{ depth: number }>(server.info, 'queue.stats');
      if (stats.depth === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    // The index is written up to a second after the queue's rows are stored.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const seconds = (performance.now() - started) / 1000;
    console.log(`built ${dataDir}: ${shape.events.toLocaleString()} events in ${seconds.toFixed(0)} s`);
    fs.writeFileSync(marker, JSON.stringify({ shape, builtAt: new Date().toISOString() }));
  } finally {
    await server.stop();
  }
}

if (import.meta.main) {
  const dir = process.argv[2] ?? '/tmp/faultline-big-ui';
  await ensureBigDataDir(dir);
}
