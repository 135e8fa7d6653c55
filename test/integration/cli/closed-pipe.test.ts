/**
 * `faultline query … | head`: the reader closes the pipe before the command has written everything.
 * The command stops quietly (exit 0, nothing on stderr), as Unix tools do, instead of Node's
 * unhandled EPIPE error with its stack trace.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.ts';
import { startCore } from '../../support/core.ts';
import { assertBuilt, tempDir } from '../../support/serve.ts';
import { sendEvents } from '../retention/send.ts';

const ALL_EVENTS =
  "MATCH (events) SELECT event_id, message WHERE project_id = 1 AND timestamp >= toDateTime('2000-01-01T00:00:00') AND timestamp < toDateTime('2100-01-01T00:00:00') LIMIT 1000";

let dataDir: string;
beforeAll(async () => {
  assertBuilt();
  dataDir = tempDir('faultline-pipe-');
  const core = await startCore(dataDir);
  const now = Date.now();
  await sendEvents(
    core,
    Array.from({ length: 40 }, (_, i) => ({
      type: `Error${i % 4}`,
      value: `ünïcode ${i}`,
      at: now - i * 1000,
    })),
  );
  await core.close();
}, 60_000);

describe('a command whose output pipe is closed by its reader', () => {
  const commands: Array<[string, string[]]> = [
    ['query --format table', ['query', '--data-dir', '', '--format', 'table', ALL_EVENTS]],
    ['query --format csv', ['query', '--data-dir', '', '--format', 'csv', ALL_EVENTS]],
    ['query --format json', ['query', '--data-dir', '', '--format', 'json', ALL_EVENTS]],
    ['projects list', ['projects', 'list', '--data-dir', '']],
    ['--help', ['--help']],
  ];
  for (const [name, args] of commands) {
    it(`${name} stops quietly with exit 0`, async () => {
      const run = await runCli(
        args.map((arg) => (arg === '' ? dataDir : arg)),
        { closedStdout: true },
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    });
  }
});
