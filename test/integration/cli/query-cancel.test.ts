/**
 * Ctrl-C on `faultline query` while a running server works on the query: the server stops the
 * query too (it answers `cancelled`), instead of running it on to its timeout on every core.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.ts';
import { startCore } from '../../support/core.ts';
import { BIN, type RunningServe, startServe, tempDir } from '../../support/serve.ts';
import { sendEvents } from '../retention/send.ts';

/**
 * Seconds of work over a few events: each row is multiplied by arrayJoin, three times (range makes
 * at most 1,000 elements, and two equal arrayJoins are one).
 */
const SLOW_QUERY =
  "MATCH (events) SELECT max(cityHash64(concat(event_id, toString(x)))) AS h WHERE project_id = 1 AND timestamp >= toDateTime('2000-01-01T00:00:00') AND timestamp < toDateTime('2100-01-01T00:00:00') AND plus(plus(arrayJoin(range(1000)), arrayJoin(range(999))), arrayJoin(range(998))) AS x >= 0";

const COUNT_QUERY =
  "MATCH (events) SELECT count() AS n WHERE project_id = 1 AND timestamp >= toDateTime('2000-01-01T00:00:00') AND timestamp < toDateTime('2100-01-01T00:00:00')";

let server: RunningServe;
beforeAll(async () => {
  const dataDir = tempDir('faultline-query-cancel-');
  const core = await startCore(dataDir);
  const now = Date.now();
  await sendEvents(
    core,
    Array.from({ length: 20 }, (_, i) => ({ type: 'SlowError', value: `n${i}`, at: now - i * 1000 })),
  );
  await core.close();
  server = await startServe({ dataDir });
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe('faultline query interrupted', () => {
  it('Ctrl-C cancels the query on the server, which answers cancelled; exit 1', async () => {
    const proc = spawn(
      process.execPath,
      [BIN, 'query', '--data-dir', server.dataDir, '--format', 'table', SLOW_QUERY],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    proc.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const started = Date.now();
    proc.kill('SIGINT');
    expect(await exited).toBe(1);
    expect(stderr).toContain('cancelled');
    expect(Date.now() - started).toBeLessThan(3000);
  }, 30_000);
});

describe('faultline query when the server dies under it', () => {
  it('says which server stopped answering and that running it again reads the data dir itself', async () => {
    const dataDir = tempDir('faultline-query-lost-');
    fs.cpSync(server.dataDir, dataDir, {
      recursive: true,
      filter: (source) => !/server\.json|faultline\.lock/.test(path.basename(source)),
    });
    const doomed = await startServe({ dataDir });
    const proc = spawn(
      process.execPath,
      [BIN, 'query', '--data-dir', dataDir, '--format', 'table', SLOW_QUERY],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    proc.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await doomed.stop('SIGKILL');
    expect(await exited).toBe(1);
    expect(stderr).toContain(`the server at ${doomed.info.url} (pid ${doomed.info.pid}) did not answer`);
    const again = await runCli(['query', '--data-dir', dataDir, '--format', 'json', COUNT_QUERY]);
    expect(again.stderr).toBe('');
    expect(JSON.parse(again.stdout).data).toEqual([{ n: 20 }]);
  }, 30_000);
});
