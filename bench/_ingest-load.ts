/**
 * The ingest benchmark's load generator: keep-alive HTTP/1.1 over raw sockets, one request in
 * flight per connection. Far cheaper per request than `http.request` (no agent, no header objects,
 * no IncomingMessage), so that on a 2-core machine less of the CPU goes to the client and more to
 * the server under test. Every request carries a fresh event id, as real SDKs do.
 */
import http from 'node:http';
import net from 'node:net';
import { Worker } from 'node:worker_threads';
import { percentile } from './_table.ts';

export interface LoadTarget {
  host: string;
  port: number;
  /** Path and query of the POST. */
  path: string;
  headers: Record<string, string>;
}

export interface CellResult {
  perSecond: number;
  p50: number;
  p99: number;
  /** Requests answered 200. */
  ok: number;
  /** Requests answered otherwise, or failed. */
  errors: number;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const CHUNKED_END = Buffer.from('0\r\n\r\n');

/** One keep-alive connection; `send` resolves with the status code once the whole reply is read. */
class Connection {
  readonly #socket: net.Socket;
  readonly #request: Buffer;
  readonly #eventIdAt: number;
  #received: Buffer[] = [];
  #receivedLength = 0;
  #done: ((status: number) => void) | undefined;
  #counter = 0;
  readonly #tag: string;
  readonly #target: LoadTarget;

  constructor(target: LoadTarget, body: Buffer, tag: string) {
    this.#target = target;
    this.#socket = net.connect(target.port, target.host);
    this.#socket.setNoDelay(true);
    const start = requestHead(target, body.length);
    this.#request = Buffer.concat([start, body]);
    const marker = this.#request.indexOf('"event_id":"', start.length);
    this.#eventIdAt = marker === -1 ? -1 : marker + '"event_id":"'.length;
    this.#tag = tag;
    this.#socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    this.#socket.on('error', () => this.#finish(0));
    this.#socket.on('close', () => this.#finish(0));
  }

  send(): Promise<number> {
    if (this.#eventIdAt !== -1) {
      // 32 hex: 8 of connection tag, 24 of counter. Unique across the run.
      this.#counter++;
      const id = `${this.#tag}${this.#counter.toString(16).padStart(24, '0')}`;
      this.#request.write(id, this.#eventIdAt, 32, 'latin1');
    }
    return new Promise((resolve) => {
      this.#done = resolve;
      this.#socket.write(this.#request);
    });
  }

  /** Sends `body` as it is (its own event id), instead of the connection's body. */
  sendBody(body: Buffer): Promise<number> {
    return new Promise((resolve) => {
      this.#done = resolve;
      this.#socket.write(Buffer.concat([requestHead(this.#target, body.length), body]));
    });
  }

  close(): void {
    this.#socket.destroy();
  }

  #onData(chunk: Buffer): void {
    this.#received.push(chunk);
    this.#receivedLength += chunk.length;
    const all = this.#received.length === 1 ? chunk : Buffer.concat(this.#received, this.#receivedLength);
    this.#received = [all];
    const headerEnd = all.indexOf(HEADER_END);
    if (headerEnd === -1) return;
    const head = all.toString('latin1', 0, headerEnd).toLowerCase();
    const length = /\r\ncontent-length: *(\d+)/.exec(head);
    const bodyStart = headerEnd + 4;
    let complete: boolean;
    if (length) complete = all.length >= bodyStart + Number(length[1]);
    else if (head.includes('transfer-encoding: chunked'))
      complete = all.subarray(bodyStart).includes(CHUNKED_END);
    else complete = true;
    if (!complete) return;
    this.#received = [];
    this.#receivedLength = 0;
    this.#finish(Number(head.slice(9, 12)));
  }

  #finish(status: number): void {
    const done = this.#done;
    this.#done = undefined;
    done?.(status);
  }
}

function requestHead(target: LoadTarget, length: number): Buffer {
  const head = Object.entries({
    host: `${target.host}:${target.port}`,
    ...target.headers,
    'content-length': String(length),
  })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return Buffer.from(`POST ${target.path} HTTP/1.1\r\n${head}\r\n`);
}

let tags = 0;
function connections(target: LoadTarget, body: Buffer, count: number): Connection[] {
  return Array.from({ length: count }, () => {
    tags++;
    const tag = ((process.pid << 12) ^ tags).toString(16).padStart(8, '0').slice(-8);
    return new Connection(target, body, tag);
  });
}

function summarize(latencies: number[], errors: number, elapsedMs: number): CellResult {
  const sorted = latencies.sort((a, b) => a - b);
  return {
    perSecond: (latencies.length / elapsedMs) * 1000,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    ok: latencies.length,
    errors,
  };
}

/** Closed loop: `concurrency` clients, each sending its next envelope when the last is answered. */
export async function closedLoop(
  target: LoadTarget,
  body: Buffer,
  concurrency: number,
  seconds: number,
  warmupSeconds = 0.5,
): Promise<CellResult> {
  const pool = connections(target, body, concurrency);
  const latencies: number[] = [];
  let errors = 0;
  const run = (until: number, record: boolean) =>
    Promise.all(
      pool.map(async (connection) => {
        while (performance.now() < until) {
          const started = performance.now();
          const status = await connection.send();
          if (!record) continue;
          if (status === 200) latencies.push(performance.now() - started);
          else errors++;
          if (status === 0) return;
        }
      }),
    );
  await run(performance.now() + warmupSeconds * 1000, false);
  const started = performance.now();
  await run(started + seconds * 1000, true);
  const elapsed = performance.now() - started;
  for (const connection of pool) connection.close();
  return summarize(latencies, errors, elapsed);
}

/**
 * Open loop at a fixed rate over up to 64 connections: latency as a steady sender sees it. Each
 * request's latency counts from when it was due, not when a connection was free to send it, so
 * that stalls (of the server or of this process) are not hidden (no coordinated omission).
 */
export async function openLoop(
  target: LoadTarget,
  body: Buffer,
  perSecond: number,
  seconds: number,
): Promise<CellResult> {
  return openLoopWith(connections(target, body, 64), perSecond, seconds, (connection) => connection.send());
}

/** One request, with its reply (for checking that a server really accepts). */
export function postOnce(target: LoadTarget, body: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: target.host, port: target.port, path: target.path, method: 'POST', headers: target.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Open loop at a fixed rate as `openLoop`, each request with its own body (`bodyFor(n)`, n counting
 * from 0); `acked(n, at, latency)` is called with the time each 200 arrived and its latency.
 */
export async function openLoopOf(
  target: LoadTarget,
  bodyFor: (n: number) => Buffer,
  perSecond: number,
  seconds: number,
  acked: (n: number, at: number, latency: number) => void,
): Promise<CellResult> {
  return openLoopWith(
    connections(target, Buffer.alloc(0), 64),
    perSecond,
    seconds,
    (connection, n) => connection.sendBody(bodyFor(n)),
    acked,
  );
}

/**
 * The open loop itself: request n is due at n / perSecond, sent on the first idle connection with
 * `send`; its latency counts from when it was due. `acked(n, at, latency)` is told when each 200
 * arrived. A request is sent once it is due, woken by a pacer thread (see `pacer`) rather than by
 * a 1 ms timer, which libuv fires up to a millisecond or two late and which would add that to
 * every latency measured, whatever the server.
 */
async function openLoopWith(
  idle: Connection[],
  perSecond: number,
  seconds: number,
  send: (connection: Connection, n: number) => Promise<number>,
  acked?: (n: number, at: number, latency: number) => void,
): Promise<CellResult> {
  const latencies: number[] = [];
  let errors = 0;
  const total = Math.round(perSecond * seconds);
  const due: Array<[number, number]> = [];
  let scheduled = 0;
  let finished = 0;
  const pacer = await startPacer(perSecond, total, (n) => release(n));
  const started = performance.now();
  let allDone: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    allDone = resolve;
  });
  const dispatch = () => {
    while (due.length > 0 && idle.length > 0) {
      const [n, at] = due.shift()!;
      const connection = idle.pop()!;
      void send(connection, n).then((status) => {
        const now = performance.now();
        if (status === 200) {
          latencies.push(now - at);
          acked?.(n, now, now - at);
        } else errors++;
        finished++;
        idle.push(connection);
        if (finished === total) allDone();
        else dispatch();
      });
    }
  };
  // Request n is due at started + n / perSecond: everything due by now is queued and sent.
  const release = (dueNow = 0) => {
    const byClock = Math.floor(((performance.now() - started) / 1000) * perSecond) + 1;
    const upTo = Math.min(total, Math.max(byClock, dueNow + 1));
    for (; scheduled < upTo; scheduled++) due.push([scheduled, started + (scheduled / perSecond) * 1000]);
    dispatch();
  };
  pacer.begin(performance.timeOrigin + started);
  release();
  if (total > 0) await done;
  await pacer.stop();
  const elapsed = performance.now() - started;
  for (const connection of idle) connection.close();
  return summarize(latencies, errors, elapsed);
}

/**
 * A thread that sleeps until each request's due time (`Atomics.wait`, which keeps to a few tens of
 * microseconds) and then wakes this thread's loop to send it: `tick(n)` is called at n's due time.
 * It is started, and warm, before the clock starts (`begin`): its start-up would otherwise take CPU
 * from the first requests. Times are absolute (`timeOrigin`-based): each thread has its own
 * `performance.now()`.
 */
async function startPacer(
  perSecond: number,
  total: number,
  tick: (n: number) => void,
): Promise<{ begin: (startedAt: number) => void; stop: () => Promise<void> }> {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { perSecond, total, shared } = workerData;
    const state = new Int32Array(shared, 0, 1); // 0 waiting, 1 started, 2 stopped
    const startedAt = new Float64Array(shared, 8, 1);
    const now = () => performance.timeOrigin + performance.now();
    parentPort.postMessage('ready');
    Atomics.wait(state, 0, 0);
    for (let n = 1; n < total && Atomics.load(state, 0) === 1; n++) {
      const wait = startedAt[0] + (n / perSecond) * 1000 - now();
      if (wait > 0) Atomics.wait(state, 0, 1, wait);
      parentPort.postMessage(n);
    }
  `;
  const shared = new SharedArrayBuffer(16);
  const state = new Int32Array(shared, 0, 1);
  const worker = new Worker(source, { eval: true, workerData: { perSecond, total, shared } });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  worker.on('message', tick);
  const set = (value: number) => {
    Atomics.store(state, 0, value);
    Atomics.notify(state, 0);
  };
  return {
    begin: (startedAt) => {
      new Float64Array(shared, 8, 1)[0] = startedAt;
      set(1);
    },
    stop: async () => {
      set(2);
      await worker.terminate();
    },
  };
}

/**
 * Sends `count` requests (`bodyFor(n)`) over `concurrency` keep-alive connections, each sent again
 * after 50 ms until it is answered 200 (a full queue answers 503); `sent(n)` is told of each 200.
 */
export async function sendAll(
  target: LoadTarget,
  bodyFor: (n: number) => Buffer,
  count: number,
  concurrency: number,
  sent?: (n: number) => void,
): Promise<void> {
  const pool = connections(target, Buffer.alloc(0), concurrency);
  let next = 0;
  await Promise.all(
    pool.map(async (connection) => {
      while (next < count) {
        const n = next++;
        const body = bodyFor(n);
        while ((await connection.sendBody(body)) !== 200)
          await new Promise((resolve) => setTimeout(resolve, 50));
        sent?.(n);
      }
    }),
  );
  for (const connection of pool) connection.close();
}
