/**
 * `faultline export --out` at something that is not a plain file: `-` (stdout), a FIFO (as
 * /dev/stdout or a process substitution are), a directory. The export must reach the reader and
 * leave the FIFO a FIFO — a rename over it replaced it with a plain file (as root, /dev/stdout
 * too), and its reader waited forever — with and without a server holding the data dir.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli as cli } from '../../support/cli.ts';
import { assertBuilt, BIN, type RunningServe, startServe, tempDir } from '../../support/serve.ts';
import { mountSmallDisk, type SmallDisk } from '../../support/small-disk.ts';
import { parseCsv, seedCore, startCore } from './helpers.ts';

let seeded: string;
let rows: number;
beforeAll(async () => {
  assertBuilt();
  const core = await startCore();
  await seedCore(core, 1);
  seeded = core.ctx.dataDir;
  rows = (core.ctx.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  await core.close();
});

const readers: Array<{ kill(signal: NodeJS.Signals): boolean }> = [];
afterEach(() => {
  for (const reader of readers.splice(0)) reader.kill('SIGKILL');
});

/** What a reader of the FIFO got (`cat`, killed if nothing ever opens the FIFO for writing). */
function readFifo(fifo: string): { text(): Promise<string> } {
  const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
  readers.push(reader);
  let out = '';
  reader.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const closed = new Promise<void>((resolve) => reader.once('close', () => resolve()));
  return {
    text: async () => {
      const timer = setTimeout(() => reader.kill('SIGKILL'), 5000);
      await closed;
      clearTimeout(timer);
      return out;
    },
  };
}

function behaviour(dataDir: () => string) {
  const exportTo = (out: string, format = 'csv') =>
    cli(['export', '--data-dir', dataDir(), '--format', format, '--out', out]);

  it('--out - writes the export to stdout and the summary to stderr', async () => {
    const run = await exportTo('-');
    expect(run.code).toBe(0);
    expect(parseCsv(run.stdout)).toHaveLength(rows + 1);
    expect(run.stderr).toMatch(/exported \d+ row\(s\) to stdout/);
    expect(fs.existsSync(path.resolve('-'))).toBe(false);
  });

  it('--out - on a stdout that cannot be written fails as --out /dev/full does: one line, exit 1', async () => {
    const args = (out: string) => [
      BIN,
      'export',
      '--data-dir',
      dataDir(),
      '--format',
      'jsonl',
      '--quiet',
      '--out',
      out,
    ];
    const full = fs.openSync('/dev/full', 'w');
    try {
      const toStdout = spawnSync(process.execPath, args('-'), { stdio: ['ignore', full, 'pipe'] });
      const toDevice = spawnSync(process.execPath, args('/dev/full'), {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      expect(toDevice.status).toBe(1);
      expect(toDevice.stderr.toString()).toBe('faultline export: ENOSPC: no space left on device, write\n');
      expect(toStdout.status).toBe(1);
      expect(toStdout.stderr.toString()).toBe(toDevice.stderr.toString());
    } finally {
      fs.closeSync(full);
    }
  });

  it('--out FIFO streams the finished file to its reader and leaves the FIFO in place', async () => {
    const fifo = path.join(tempDir('faultline-fifo-'), 'events.csv');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = readFifo(fifo);
    const run = await exportTo(fifo);
    expect(run.code).toBe(0);
    expect(fs.lstatSync(fifo).isFIFO()).toBe(true);
    expect(parseCsv(await reader.text())).toHaveLength(rows + 1);
    expect(fs.readdirSync(path.dirname(fifo))).toEqual(['events.csv']);
  });

  it('--out DIR is a usage error naming it; the directory is left as it was', async () => {
    const dir = tempDir('faultline-outdir-');
    const run = await exportTo(dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--out ${dir} is a directory`);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(fs.readdirSync(path.dirname(dir)).filter((n) => n.startsWith(`.${path.basename(dir)}`))).toEqual(
      [],
    );
  });
}

describe('export to stdout, a FIFO or a directory, without a server', () => {
  behaviour(() => seeded);
});

describe('export to stdout, a FIFO or a directory, through a running server', () => {
  let server: RunningServe;
  beforeAll(async () => {
    const dataDir = tempDir('faultline-out-serve-');
    fs.cpSync(seeded, dataDir, { recursive: true });
    server = await startServe({ dataDir });
  });
  afterAll(async () => {
    await server?.stop();
  });
  behaviour(() => server.dataDir);

  it('--out where no file can be written fails before the server exports, and leaves no file in its exports folder', async () => {
    const notADir = path.join(tempDir('faultline-out-'), 'plain-file');
    fs.writeFileSync(notADir, '');
    const out = path.join(notADir, 'sub', 'events.jsonl');
    const run = await cli([
      'export',
      '--data-dir',
      server.dataDir,
      '--format',
      'jsonl',
      '--quiet',
      '--out',
      out,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`faultline export: cannot write ${out}: ${notADir} is not a directory\n`);
    expect(fs.readdirSync(path.join(server.dataDir, 'exports'))).toEqual([]);
  });

  it('leaves nothing in the data dir’s exports folder', async () => {
    expect(
      (await cli(['export', '--data-dir', server.dataDir, '--format', 'jsonl', '--out', '-'])).code,
    ).toBe(0);
    expect(fs.readdirSync(path.join(server.dataDir, 'exports'))).toEqual([]);
  });
});

describe('export to a disk without room for it', () => {
  const disk = mountSmallDisk(4 / 1024);
  const missing = typeof disk === 'string' ? disk : undefined;
  if (missing) console.log(`export disk-full test skipped: ${missing}`);
  afterAll(() => {
    if (typeof disk !== 'string') disk.remove();
  });

  // JSONL's write took what fitted and the rest was dropped: a cut file, exit 0.
  it.skipIf(missing !== undefined)(
    'fails naming --out and the reason (never a cut file), exit 1, nothing left',
    async () => {
      const dir = (disk as SmallDisk).dir;
      for (const format of ['jsonl', 'csv']) {
        const out = path.join(dir, `events.${format}`);
        const run = await cli(['export', '--data-dir', seeded, '--format', format, '--out', out, '--quiet']);
        expect(run.code).toBe(1);
        expect(run.stderr).toContain(`cannot write ${out}`);
        expect(run.stderr).toMatch(/no space left on device/i);
        expect(fs.readdirSync(dir)).toEqual([]);
      }
    },
  );
});
