/**
 * The real sentry-cli (@sentry/cli) against the built `faultline serve`, with events the real
 * @sentry/node SDK sent: it lists the organization, projects, issues (with a search) and events,
 * and resolves, mutes and unresolves issues, with `faultline token` as its auth token.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendWithSdk } from '../../e2e/fixtures/send.ts';
import { runCli } from '../../support/cli.ts';
import { REPO_ROOT, type RunningServe, startServe, tempDir } from '../../support/serve.ts';

const SENTRY_CLI = path.join(REPO_ROOT, 'node_modules', '.bin', 'sentry-cli');
const missing = fs.existsSync(SENTRY_CLI)
  ? undefined
  : `no sentry-cli at ${SENTRY_CLI} (npm install @sentry/cli)`;
if (missing) console.warn(`skipping the sentry-cli tests: ${missing}`);

let server: RunningServe;
let token: string;
let home: string;
let sent: string[];

function sentryCli(...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      SENTRY_CLI,
      args,
      {
        timeout: 30_000,
        env: {
          PATH: process.env.PATH,
          // Its own config dir, so no ~/.sentryclirc of this machine takes part.
          HOME: home,
          SENTRY_URL: server.info.url,
          SENTRY_AUTH_TOKEN: token,
          SENTRY_ORG: 'faultline',
          SENTRY_PROJECT: 'default',
          SENTRY_DISABLE_UPDATE_CHECK: '1',
        },
      },
      (error, stdout, stderr) =>
        error ? reject(new Error(`sentry-cli ${args.join(' ')} failed: ${stderr}`)) : resolve(stdout),
    );
  });
}

/** The rows of sentry-cli's table: cells of each line between `|`, without the title row. */
function table(output: string): string[][] {
  const lines = output.split('\n').filter((line) => line.startsWith('|'));
  return lines.slice(1).map((line) =>
    line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim()),
  );
}

/** `issues list` as rows keyed by title prefix: [id, shortId, title, lastSeen, status, level]. */
async function issueRows(...args: string[]): Promise<string[][]> {
  return table(await sentryCli('issues', 'list', ...args));
}
const statusOf = (rows: string[][], title: string) => rows.find((r) => r[2]?.startsWith(title))?.[4];

beforeAll(async () => {
  if (missing) return;
  server = await startServe();
  home = tempDir('faultline-sentry-cli-home-');
  sent = await sendWithSdk(server.info.dsn, {
    errors: [
      { name: 'PaymentDeclined', message: 'card declined', user: { id: '7', email: 'ada@example.com' } },
      { name: 'InventoryMissing', message: 'sku 12 gone', level: 'warning' },
      { name: 'SlowDatabase', message: 'db slow' },
    ],
  });
  const printed = await runCli(['token', '--data-dir', server.dataDir]);
  expect(printed.code).toBe(0);
  token = printed.stdout.trim();
  // Wait until the pipeline has grouped all three.
  for (let tries = 0; (await issueRows('--query', '')).length < 3; tries++) {
    if (tries > 100) throw new Error('the events did not become issues');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 90_000);
afterAll(async () => {
  await server?.stop();
});

describe.skipIf(missing !== undefined)('sentry-cli against faultline serve', () => {
  it('`faultline token` prints the token serve wrote to server.json', () => {
    expect(token).toBe(server.info.token);
  });

  it('lists the organization and its project', async () => {
    expect(table(await sentryCli('organizations', 'list'))).toEqual([
      ['1', 'Faultline', 'faultline', expect.stringMatching(/^\d{4}-\d\d-\d\d$/), 'false', 'false'],
    ]);
    expect(table(await sentryCli('projects', 'list'))).toEqual([['1', 'default', '-', 'Default']]);
  });

  it('lists issues, all of them or those a search finds', async () => {
    const all = await issueRows();
    expect(all.map((r) => r[2]).sort()).toEqual([
      'InventoryMissing: sku 12 gone',
      'PaymentDeclined: card declined',
      'SlowDatabase: db slow',
    ]);
    expect(all.every((r) => /^DEFAULT-\w+$/.test(r[1] ?? ''))).toBe(true);
    const warnings = await issueRows('--query', 'level:warning');
    expect(warnings.map((r) => [r[2], r[5]])).toEqual([['InventoryMissing: sku 12 gone', 'warning']]);
    expect((await issueRows('--query', 'card declined')).map((r) => r[2])).toEqual([
      'PaymentDeclined: card declined',
    ]);
  });

  it('resolves, mutes and unresolves issues by id, and the list shows each new status', async () => {
    const all = await issueRows();
    const id = (title: string) => all.find((r) => r[2]?.startsWith(title))?.[0] ?? '';
    expect(await sentryCli('issues', 'resolve', '-i', id('PaymentDeclined'))).toContain(
      'new status: resolved',
    );
    expect(statusOf(await issueRows(), 'PaymentDeclined')).toBe('resolved');
    expect((await issueRows('--query', 'is:resolved')).map((r) => r[0])).toEqual([id('PaymentDeclined')]);

    expect(await sentryCli('issues', 'mute', '-i', id('SlowDatabase'))).toContain('new status: muted');
    expect(statusOf(await issueRows(), 'SlowDatabase')).toBe('ignored');

    await sentryCli('issues', 'unresolve', '-i', id('PaymentDeclined'), '-i', id('SlowDatabase'));
    const after = await issueRows('--query', 'is:unresolved');
    expect(after.map((r) => r[4])).toEqual(['unresolved', 'unresolved', 'unresolved']);
  });

  it('resolves every issue of a status with --status', async () => {
    await sentryCli('issues', 'resolve', '--status', 'unresolved');
    expect((await issueRows()).map((r) => r[4])).toEqual(['resolved', 'resolved', 'resolved']);
    await sentryCli('issues', 'unresolve', '--status', 'resolved');
    expect((await issueRows()).map((r) => r[4])).toEqual(['unresolved', 'unresolved', 'unresolved']);
  });

  it("lists the project's events with their ids, titles and users", async () => {
    const rows = table(await sentryCli('events', 'list', '--show-user'));
    const ids = rows.map((r) => r[0]?.replaceAll('-', ''));
    expect(new Set(ids)).toEqual(new Set(sent));
    const payment = rows.find((r) => r[2] === 'PaymentDeclined: card declined');
    expect(payment?.[3]).toContain('ada@example.com');
  });
});
