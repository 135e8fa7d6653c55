/**
 * Start-up: from spawning `faultline serve --port 0` to server.json on disk (the moment the
 * server accepts SDK traffic), against a bare node:http server started the same way (the floor
 * any Node program pays), both measured in this run. Then, for Faultline, an SDK event sent the
 * moment it is ready: when the 200 comes back, and when the event is counted on its issue (its
 * `events` row committed, polled through a read-only connection as the pipeline bench does).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { percentile, printTable } from './_table.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const RUNS = 10;

function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

const SAMPLE = path.join(ROOT, 'resources/sample-envelopes/node-v11-event-exception.envelope');

/** Sends the Node SDK capture to the server in `dir`; resolves with when it was acknowledged and counted. */
async function firstEvent(dir: string, started: number): Promise<{ ackMs: number; visibleMs: number }> {
  const { url, dsn } = JSON.parse(fs.readFileSync(path.join(dir, 'server.json'), 'utf8')) as {
    url: string;
    dsn: string;
  };
  const { port } = new URL(url);
  const status = await new Promise<number>((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/api/1/envelope/?sentry_key=${new URL(dsn).username}`,
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end(fs.readFileSync(SAMPLE));
  });
  const ackMs = performance.now() - started;
  if (status !== 200) throw new Error(`startup bench: the first event got ${status}`);
  const db = new Database(path.join(dir, 'faultline.sqlite'), { readonly: true, fileMustExist: true });
  const counted = db.prepare('SELECT 1 FROM events LIMIT 1');
  while (!counted.get()) await new Promise((resolve) => setTimeout(resolve, 2));
  db.close();
  return { ackMs, visibleMs: performance.now() - started };
}

async function timeUntil(
  args: string[],
  ready: (dir: string) => boolean,
  sendEvent = false,
): Promise<{ ms: number; rssMb: number; ackMs?: number; visibleMs?: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-bench-'));
  const started = performance.now();
  const child = spawn(
    process.execPath,
    args.map((arg) => arg.replace('$DIR', dir)),
    { stdio: 'ignore' },
  );
  while (!ready(dir)) await new Promise((resolve) => setTimeout(resolve, 2));
  const ms = performance.now() - started;
  const rssMb = rssOf(child.pid ?? 0);
  const event = sendEvent ? await firstEvent(dir, started) : {};
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  fs.rmSync(dir, { recursive: true, force: true });
  return { ms, rssMb, ...event };
}

const p50 = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

async function measure(args: string[], ready: (dir: string) => boolean, sendEvent = false) {
  const times: number[] = [];
  const rss: number[] = [];
  const acks: number[] = [];
  const visible: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const { ms, rssMb, ackMs, visibleMs } = await timeUntil(args, ready, sendEvent);
    times.push(ms);
    rss.push(rssMb);
    if (ackMs !== undefined) acks.push(ackMs);
    if (visibleMs !== undefined) visible.push(visibleMs);
  }
  return {
    p50: p50(times),
    max: Math.max(...times),
    rss: p50(rss),
    ack: { p50: p50(acks), max: Math.max(...acks) },
    visible: { p50: p50(visible), max: Math.max(...visible) },
  };
}

if (!fs.existsSync(path.join(ROOT, 'out/main/cli.js'))) {
  console.error('startup bench: run `npm run build` first');
  process.exit(1);
}
const bare = await measure(
  [
    '-e',
    "require('node:http').createServer().listen(0,'127.0.0.1',()=>require('node:fs').writeFileSync(process.argv[1]+'/ready',''))",
    '$DIR',
  ],
  (dir) => fs.existsSync(path.join(dir, 'ready')),
);
const faultline = await measure(
  [path.join(ROOT, 'bin/faultline'), 'serve', '--port', '0', '--data-dir', '$DIR'],
  (dir) => fs.existsSync(path.join(dir, 'server.json')),
  true,
);

console.log(`start-up to ready, ${RUNS} runs each, fresh data dir every run (${os.cpus().length} cores)`);
printTable(
  ['program', 'p50 ms', 'max ms', 'RSS MB', 'p50 vs bare node'],
  [
    ['bare node:http server', bare.p50, bare.max, bare.rss, '1.00x'],
    [
      'faultline serve',
      faultline.p50,
      faultline.max,
      faultline.rss,
      `${(faultline.p50 / bare.p50).toFixed(2)}x`,
    ],
  ],
);
console.log(
  `\nan SDK event (${path.basename(SAMPLE)}) sent as soon as serve is ready, ms from spawn, ${RUNS} runs`,
);
printTable(
  ['step', 'p50 ms', 'max ms'],
  [
    ['ready (server.json)', faultline.p50, faultline.max],
    ['200 received', faultline.ack.p50, faultline.ack.max],
    ['counted on its issue', faultline.visible.p50, faultline.visible.max],
  ],
);
