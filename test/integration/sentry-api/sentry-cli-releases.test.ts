/**
 * The real sentry-cli (@sentry/cli) against the built `faultline serve`: `info` checks its token,
 * releases are created, given commits, finalized and deployed as a CI job does it, and an upload of
 * source maps is refused with Faultline's reason. A release made this way then takes part in
 * "resolve in the next release" as one an event named does.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendWithSdk } from '../../e2e/fixtures/send.ts';
import { request } from '../../support/http.ts';
import { REPO_ROOT, type RunningServe, startServe, tempDir } from '../../support/serve.ts';

const SENTRY_CLI = path.join(REPO_ROOT, 'node_modules', '.bin', 'sentry-cli');
const missing = fs.existsSync(SENTRY_CLI) ? undefined : `no sentry-cli at ${SENTRY_CLI}`;
if (missing) console.warn(`skipping the sentry-cli release tests: ${missing}`);

let server: RunningServe;
let home: string;
type Json = Record<string, unknown>;

function sentryCli(args: string[], cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      SENTRY_CLI,
      args,
      {
        timeout: 30_000,
        cwd: cwd ?? home,
        env: {
          PATH: process.env.PATH,
          HOME: home,
          SENTRY_URL: server.info.url,
          SENTRY_AUTH_TOKEN: server.info.token,
          SENTRY_ORG: 'faultline',
          SENTRY_PROJECT: 'default',
          SENTRY_DISABLE_UPDATE_CHECK: '1',
        },
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function ok(...args: string[]): Promise<string> {
  const run = await sentryCli(args);
  expect(run.code, `sentry-cli ${args.join(' ')}: ${run.stderr}`).toBe(0);
  return run.stdout;
}

async function api(
  pathname: string,
  method = 'GET',
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const reply = await request(`${server.info.url}${pathname}`, {
    method,
    headers: {
      authorization: `Bearer ${server.info.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: reply.status, json: reply.body ? JSON.parse(reply.body) : undefined };
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let tries = 0; ; tries++) {
    const value = await read();
    if (done(value)) return value;
    if (tries > 150) throw new Error(`gave up waiting; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const issues = async () =>
  (await api('/api/0/projects/faultline/default/issues/?query=is:unresolved&statsPeriod=24h')).json as Json[];
const release = async (version: string) =>
  (await api(`/api/0/organizations/faultline/releases/${encodeURIComponent(version)}/`)).json as Json;

beforeAll(async () => {
  if (missing) return;
  server = await startServe();
  home = tempDir('faultline-sentry-cli-home-');
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

describe.skipIf(missing !== undefined)('sentry-cli releases against faultline serve', () => {
  it('`info` finds the server and the token good, and exits 0', async () => {
    const out = await ok('info');
    expect(out).toContain(`Sentry Server: ${server.info.url}`);
    expect(out).toContain('Method: Auth Token');
    expect(out).toContain('- project:releases');
    expect(out).not.toContain('failure on authentication');
  });

  it('creates a release, sets its commits, finalizes it and lists its deploys', async () => {
    expect(await ok('releases', 'new', 'v1.0')).toContain('Created release v1.0');
    const repo = path.join(home, 'repo');
    fs.mkdirSync(repo);
    const git = (...args: string[]) =>
      new Promise<void>((resolve, reject) =>
        execFile(
          'git',
          ['-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args],
          { cwd: repo },
          (error) => (error ? reject(error) : resolve()),
        ),
      );
    await git('init', '-q');
    await git('commit', '-q', '--allow-empty', '-m', 'first');
    const commits = await sentryCli(['releases', 'set-commits', '--auto', 'v1.0'], repo);
    expect(commits.code, commits.stderr).toBe(0);
    expect(commits.stdout).toContain('Success! Set commits for release v1.0');

    expect(await ok('releases', 'finalize', 'v1.0')).toContain('Finalized release v1.0');
    expect(await ok('deploys', '--release', 'v1.0', 'new', '-e', 'production', '-n', 'first')).toContain(
      "Created new deploy first for 'production'",
    );
    const deploys = await ok('deploys', '--release', 'v1.0', 'list');
    expect(deploys).toMatch(/\|\s*production\s*\|\s*first\s*\|/);

    const json = await release('v1.0');
    expect(json).toMatchObject({
      version: 'v1.0',
      deployCount: 1,
      lastDeploy: { environment: 'production', name: 'first' },
      firstEvent: null,
      lastEvent: null,
      projects: [expect.objectContaining({ slug: 'default' })],
    });
    expect(Date.parse(String(json.dateReleased))).toBeGreaterThanOrEqual(
      Date.parse(String(json.dateCreated)),
    );
    expect(await ok('releases', 'list')).toMatch(/\|\s*v1\.0\s*\|/);
  });

  it('refuses a release for a project that does not exist, and deploys of an unknown release', async () => {
    const reply = await api('/api/0/organizations/faultline/releases/', 'POST', {
      version: 'v9',
      projects: ['nope'],
    });
    expect(reply).toEqual({ status: 400, json: { projects: ['Invalid project ids or slugs'] } });
    const unknown = await sentryCli(['deploys', '--release', 'never', 'list']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('Release not found');
  });

  it('an upload of source maps is refused with the reason, not "organization not found"', async () => {
    const dist = path.join(home, 'dist');
    fs.mkdirSync(dist);
    fs.writeFileSync(path.join(dist, 'app.js'), 'console.log(1)\n');
    const run = await sentryCli(['sourcemaps', 'upload', dist]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('Faultline does not take uploads of source maps or debug files');
    expect(run.stderr).toContain('(http status: 501)');
    expect(run.stderr).not.toContain('organization not found');
  });

  it('an event of the release gives it a first and last event to the millisecond', async () => {
    await sendWithSdk(server.info.dsn, {
      release: 'v1.0',
      errors: [{ name: 'CartEmpty', message: 'cart empty' }],
    });
    const json = await waitFor(
      () => release('v1.0'),
      (r) => r.firstEvent !== null && r.lastEvent !== null,
    );
    expect(json.lastEvent).toBe(json.firstEvent);
    expect(Date.parse(String(json.firstEvent))).toBeGreaterThanOrEqual(
      Date.parse(String(json.dateCreated)) - 60_000,
    );
  });

  it("a release created through the API after the issue's own is the next release it is resolved in", async () => {
    const [issue] = await waitFor(issues, (list) => list.some((i) => i.title === 'CartEmpty: cart empty'));
    expect(await ok('releases', 'new', 'v2.0')).toContain('Created release v2.0');
    const resolved = await api(`/api/0/issues/${issue?.id}/`, 'PUT', {
      status: 'resolved',
      statusDetails: { inNextRelease: true },
    });
    expect(resolved.status).toBe(200);
    const details = (await api(`/api/0/issues/${issue?.id}/`)).json as Json;
    expect(details.activity).toContainEqual(
      expect.objectContaining({ type: 'set_resolved_in_release', data: { version: 'v2.0' } }),
    );

    // An event of the issue's own release is from before the fix …
    await sendWithSdk(server.info.dsn, {
      release: 'v1.0',
      errors: [{ name: 'CartEmpty', message: 'cart empty' }],
    });
    await waitFor(
      async () =>
        (await api('/api/0/organizations/faultline/events/?field=id&query=release:v1.0')).json as Json,
      (r) => (r.data as unknown[]).length === 2,
    );
    expect((await issues()).find((i) => i.id === issue?.id)).toBeUndefined();
    // … one of v2.0, which was to carry it, is a regression.
    await sendWithSdk(server.info.dsn, {
      release: 'v2.0',
      errors: [{ name: 'CartEmpty', message: 'cart empty' }],
    });
    await waitFor(issues, (list) => list.some((i) => i.id === issue?.id));
  });
});
