/**
 * Clients that are not JavaScript: Debian's Python sentry-sdk (1.9, which posts events to the
 * legacy store endpoint with X-Sentry-Auth and gzip) and `sentry-cli send-event`.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PYTHON, pythonSdkMissing } from '../../support/python.ts';
import { queuedEnvelopes, REPO_ROOT, runChild, startServer, type TestServer } from './helpers.ts';

const SENTRY_CLI = path.join(REPO_ROOT, 'node_modules/.bin/sentry-cli');

function sentryCliMissing(): string | undefined {
  try {
    execFileSync(SENTRY_CLI, ['--version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'sentry-cli is not installed (npm install @sentry/cli)';
  }
}

const noPython = pythonSdkMissing();
const noCli = sentryCliMissing();
if (noPython) console.warn(`[ingest tests] Python SDK test skipped: ${noPython}`);
if (noCli) console.warn(`[ingest tests] sentry-cli test skipped: ${noCli}`);

describe('non-JavaScript clients', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it.skipIf(noPython !== undefined)(
    'Python sentry-sdk: an exception and a message are accepted, and both count as errors',
    async () => {
      const result = await runChild(PYTHON, [
        path.join(import.meta.dirname, 'fixtures', 'python-sdk-client.py'),
        server.dsn,
      ]);
      expect(result.code, result.stderr).toBe(0);
      const ids = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Record<string, string>;
      const queued = queuedEnvelopes(server);
      for (const name of ['exception', 'message']) {
        const found = queued.find(({ row }) => row.eventId === ids[name]);
        expect(found, `${name} event in the queue`).toBeDefined();
        expect(found!.row.sentryClient).toMatch(/^sentry\.python/);
        const event = JSON.parse(
          found!.envelope.items.find((item) => item.headers.type === 'event')!.payload.toString(),
        );
        expect(event.release).toBe('python-fixture@1.0.0');
      }
      const exception = queued.find(({ row }) => row.eventId === ids.exception)!;
      const payload = JSON.parse(exception.envelope.items[0]!.payload.toString());
      expect(payload.exception.values[0].type).toBe('ZeroDivisionError');
      // The message has no exception (event type `default`): Sentry counts it as an error all the same.
      await server.core.ctx.pipeline.call('pipeline.drain', {});
      const accepted = server.core.ctx.outcomes.list().filter((row) => row.outcome === 'accepted');
      expect(accepted.map(({ category, quantity }) => ({ category, quantity }))).toEqual([
        { category: 'error', quantity: 2 },
      ]);
    },
  );

  it.skipIf(noCli !== undefined)('sentry-cli send-event: the event is accepted', async () => {
    const before = queuedEnvelopes(server).length;
    const result = await runChild(
      SENTRY_CLI,
      ['send-event', '-m', 'sentry-cli fixture message', '--release', 'cli@1.0.0'],
      {
        env: { SENTRY_DSN: server.dsn, SENTRY_LOAD_DOTENV: '0', SENTRY_LOG_LEVEL: 'info' },
      },
    );
    expect(result.code, result.stderr).toBe(0);
    const queued = queuedEnvelopes(server).slice(before);
    expect(queued).toHaveLength(1);
    const { row, envelope } = queued[0]!;
    const eventItem = envelope.items.find((item) => item.headers.type === 'event')!;
    const event = JSON.parse(eventItem.payload.toString());
    expect(event.release).toBe('cli@1.0.0');
    expect(JSON.stringify(event)).toContain('sentry-cli fixture message');
    expect(`${result.stdout}${result.stderr}`.replaceAll('-', '')).toContain(row.eventId!);
  });
});
