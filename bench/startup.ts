/**
 * Start-up: from spawning `faultline serve --port 0` to server.json on disk (the moment the
 * server accepts SDK traffic), against a bare node:http server started the same way (the floor
 * any Node program pays), both measured in this run.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { percentile, printTable } from './_table.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const RUNS = 10;

function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function timeUntil(
  args: string[],
  ready: (dir: string) => boolean,
): Promise<{ ms: number; rssMb: number }> {
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
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  fs.rmSync(dir, { recursive: true, force: true });
  return { ms, rssMb };
}

async function measure(args: string[], ready: (dir: string) => boolean) {
  const times: number[] = [];
  const rss: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const { ms, rssMb } = await timeUntil(args, ready);
    times.push(ms);
    rss.push(rssMb);
  }
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50),
    max: times[times.length - 1] ?? 0,
    rss: percentile(
      rss.sort((a, b) => a - b),
      50,
    ),
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
