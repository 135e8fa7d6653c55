import crypto from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Project, ProjectKey } from '../../../src-shared/api.ts';
import { runCli } from '../../support/cli.ts';
import { request } from '../../support/http.ts';
import { assertBuilt, type RunningServe, startServe, tempDir } from '../../support/serve.ts';

async function cliJson<T>(args: string[]): Promise<T> {
  const run = await cli([...args, '--format', 'json']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as T;
}

/** Sends a minimal error event envelope the way an SDK does; returns the HTTP status. */
async function sendEnvelope(url: string, projectId: number, publicKey: string): Promise<number> {
  const eventId = crypto.randomUUID().replaceAll('-', '');
  const body = [
    JSON.stringify({ event_id: eventId, sent_at: new Date().toISOString() }),
    JSON.stringify({ type: 'event' }),
    JSON.stringify({ event_id: eventId, message: 'hello from a test', level: 'error' }),
  ].join('\n');
  const reply = await request(`${url}/api/${projectId}/envelope/?sentry_key=${publicKey}&sentry_version=7`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-sentry-envelope' },
    body,
  });
  return reply.status;
}

/** Ingest caches key lookups for about a second (Relay's project cache): wait for the new state. */
async function statusWithin(ms: number, expected: number, send: () => Promise<number>): Promise<number> {
  const deadline = Date.now() + ms;
  let status = await send();
  while (status !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    status = await send();
  }
  return status;
}

/** Collects the live events the server pushes to UIs over SSE. */
function listenLive(server: RunningServe): { events: string[]; close(): void } {
  const events: string[] = [];
  const url = new URL('/rpc/events', server.info.url);
  const req = http.get(url, { headers: { 'x-faultline-token': server.info.token } }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      for (const match of chunk.matchAll(/^event: (.+)$/gm)) events.push(match[1]!);
    });
  });
  req.on('error', () => {});
  return { events, close: () => req.destroy() };
}

const cli = (args: string[]) => runCli(['projects', ...args]);

const running: RunningServe[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.stop('SIGKILL')));
});

async function serve(dataDir?: string): Promise<RunningServe> {
  const server = await startServe(dataDir ? { dataDir } : {});
  running.push(server);
  return server;
}

beforeAll(() => {
  assertBuilt();
});

describe('faultline projects, with a server running', () => {
  it('creates a project through the server: the UI is told, and the new DSN ingests', async () => {
    const server = await serve();
    const live = listenLive(server);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const project = await cliJson<Project>(['create', 'Payments API', '--data-dir', server.dataDir]);
    expect(project.slug).toBe('payments-api');
    const key = project.keys[0]!;
    expect(key.publicKey).toMatch(/^[0-9a-f]{32}$/);
    // The DSN carries the running server's port, so it was made by the server itself.
    expect(key.dsn).toBe(`http://${key.publicKey}@127.0.0.1:${server.info.port}/${project.id}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    live.close();
    expect(live.events).toContain('projects.changed');
    expect(await sendEnvelope(server.info.url, project.id, key.publicKey)).toBe(200);
  });

  it('disables a key by its public key: ingest then answers 403, other keys still work', async () => {
    const server = await serve();
    const project = await cliJson<Project>(['create', 'Mobile', '--data-dir', server.dataDir]);
    const key = project.keys[0]!;
    expect(await sendEnvelope(server.info.url, project.id, key.publicKey)).toBe(200);

    const disabled = await cliJson<ProjectKey[]>(['disable', key.publicKey, '--data-dir', server.dataDir]);
    expect(disabled).toEqual([expect.objectContaining({ id: key.id, isActive: false })]);
    const send = () => sendEnvelope(server.info.url, project.id, key.publicKey);
    expect(await statusWithin(3000, 403, send)).toBe(403);

    const fallback = (await cliJson<Project[]>(['list', '--data-dir', server.dataDir])).find(
      (p) => p.id === 1,
    )!;
    expect(await sendEnvelope(server.info.url, 1, fallback.keys[0]!.publicKey)).toBe(200);
  });

  it('lists projects as a table with one row per key', async () => {
    const server = await serve();
    await cliJson<Project>(['create', 'Table Test', '--slug', 'table-test', '--data-dir', server.dataDir]);
    await cliJson<ProjectKey[]>(['disable', 'table-test', '--data-dir', server.dataDir]);
    const run = await cli(['list', '--data-dir', server.dataDir]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+SLUG\s+NAME\s+KEY\s+STATUS\s+DSN$/);
    expect(lines.find((line) => line.startsWith('1 '))).toMatch(
      /default\s+Default\s+[0-9a-f]{32}\s+active\s+http:/,
    );
    expect(lines.find((line) => line.includes('table-test'))).toMatch(
      /Table Test\s+[0-9a-f]{32}\s+disabled\s+http:/,
    );
  });

  it('reports the server refusing a taken or invalid slug, with exit 1', async () => {
    const server = await serve();
    const taken = await cli(['create', 'Again', '--slug', 'default', '--data-dir', server.dataDir]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain("slug 'default' already exists");
    const invalid = await cli(['create', 'Bad', '--slug', 'Not_Valid', '--data-dir', server.dataDir]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain("invalid slug 'Not_Valid'");
  });
});

describe('faultline projects, without a server', () => {
  it('changes the database directly; a later server refuses the disabled project', async () => {
    const dataDir = tempDir();
    const created = await cliJson<Project>(['create', 'Offline Project', '--data-dir', dataDir]);
    expect(created.slug).toBe('offline-project');
    // Project 1 stays the default one, as a first 'faultline serve' would have made it.
    const listed = await cliJson<Project[]>(['list', '--data-dir', dataDir]);
    expect(listed.map((p) => [p.id, p.slug])).toEqual([
      [1, 'default'],
      [created.id, 'offline-project'],
    ]);
    const disabled = await cliJson<ProjectKey[]>(['disable', String(created.id), '--data-dir', dataDir]);
    expect(disabled.map((k) => k.isActive)).toEqual([false]);

    const server = await serve(dataDir);
    expect(await sendEnvelope(server.info.url, created.id, created.keys[0]!.publicKey)).toBe(403);
    const keyOf1 = listed[0]!.keys[0]!.publicKey;
    expect(await sendEnvelope(server.info.url, 1, keyOf1)).toBe(200);
  });

  it('refuses to list a folder that holds no Faultline data', async () => {
    const run = await cli(['list', '--data-dir', path.join(tempDir(), 'nothing-here')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no Faultline data in');
  });

  it('names an unknown key or project', async () => {
    const dataDir = tempDir();
    await cliJson<Project>(['create', 'Only', '--data-dir', dataDir]);
    const run = await cli(['disable', 'no-such-project', '--data-dir', dataDir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("no key or project 'no-such-project'");
  });
});

describe('faultline projects usage', () => {
  it('exits 2 with the help on a bad command line', async () => {
    for (const args of [[], ['frobnicate'], ['create'], ['list', 'extra'], ['list', '--format', 'xml']]) {
      const run = await cli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain('Usage: faultline projects');
    }
  });
});
