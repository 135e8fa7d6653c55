/**
 * A project's rate limit set through the API over HTTP (as the Projects & Setup page of
 * `faultline serve` does) and obeyed by ingest at its next request: 429 once the limit is used
 * up, 200 again as soon as it is cleared, with no restart and no wait for the project cache.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { TOKEN_HEADER } from '../../../src-shared/api.ts';
import type { ProjectRateLimit } from '../../../src-shared/rate-limit-api.ts';
import { startCore } from '../../support/core.ts';
import { type RawResponse, request } from '../../support/http.ts';

let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

async function start(): Promise<Core> {
  core = await startCore(undefined, { httpRpc: true });
  return core;
}

/** `POST /rpc/<method>` as the browser UI sends it. */
async function rpc(c: Core, method: string, params: unknown): Promise<RawResponse & { json: unknown }> {
  const reply = await request(`${c.url}/rpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: c.token ?? '' },
    body: JSON.stringify(params),
  });
  return { ...reply, json: JSON.parse(reply.body) };
}

async function setLimit(c: Core, projectId: number, rateLimit: unknown): Promise<ProjectRateLimit | null> {
  const reply = await rpc(c, 'projects.setRateLimit', { projectId, rateLimit });
  expect(reply.status, reply.body).toBe(200);
  return (reply.json as { result: ProjectRateLimit | null }).result;
}

function sendEvent(c: Core, projectId = 1): Promise<RawResponse> {
  const project = c.ctx.projects.get(projectId);
  const key = project?.keys[0]?.publicKey ?? '';
  const body = ['{}', '{"type":"event"}', '{"message":"rate limit test"}'].join('\n');
  return request(`${c.url}/api/${projectId}/envelope/?sentry_key=${key}`, { method: 'POST', body });
}

describe('a project rate limit set through the API', () => {
  it('answers 429 once the limit is used up, and 200 right after it is cleared', async () => {
    const c = await start();
    expect((await rpc(c, 'projects.getRateLimit', { projectId: 1 })).json).toEqual({ result: null });
    // Ingest has read (and cached) the project's options before the limit is set.
    expect((await sendEvent(c)).status).toBe(200);

    expect(await setLimit(c, 1, { limit: 2, window: 3600 })).toEqual({
      limit: 2,
      window: 3600,
      categories: [],
    });
    expect((await rpc(c, 'projects.getRateLimit', { projectId: 1 })).json).toEqual({
      result: { limit: 2, window: 3600, categories: [] },
    });
    expect((await sendEvent(c)).status).toBe(200);
    expect((await sendEvent(c)).status).toBe(200);
    const limited = await sendEvent(c);
    expect(limited.status).toBe(429);
    expect(limited.headers['x-sentry-rate-limits']).toBe(
      `${limited.headers['retry-after']}:error:project:project_quota`,
    );

    expect(await setLimit(c, 1, null)).toBeNull();
    expect((await rpc(c, 'projects.getRateLimit', { projectId: 1 })).json).toEqual({ result: null });
    expect((await sendEvent(c)).status).toBe(200);
  });

  it('counts only the categories it names, and limits only its own project', async () => {
    const c = await start();
    const other = c.ctx.projects.create({ name: 'Other' });
    await setLimit(c, 1, { limit: 1, window: 60, categories: ['transaction', 'transaction'] });
    expect((await rpc(c, 'projects.getRateLimit', { projectId: 1 })).json).toEqual({
      result: { limit: 1, window: 60, categories: ['transaction'] },
    });
    for (let i = 0; i < 3; i++) expect((await sendEvent(c)).status).toBe(200);

    await setLimit(c, 1, { limit: 1, window: 60, categories: ['error'] });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await sendEvent(c)).status);
    expect(statuses).toEqual([200, 429, 429]);
    expect((await sendEvent(c, other.id)).status).toBe(200);
  });

  it('refuses a limit it could not enforce as Sentry does, with a clear error, and keeps the one stored', async () => {
    const c = await start();
    await setLimit(c, 1, { limit: 10, window: 60 });
    const cases: Array<[unknown, number, string]> = [
      [{ limit: 0, window: 60 }, 400, 'the limit must be at least 1 event'],
      [{ limit: 1.5, window: 60 }, 400, 'the limit must be a whole number of events'],
      [{ limit: '5', window: 60 }, 400, 'the limit must be a number of events'],
      [{ limit: 5, window: 86_401 }, 400, 'the window must be at most 86400 seconds (1 day)'],
      [{ limit: 5, window: 0 }, 400, 'the window must be at least 1 second'],
      [{ limit: 5 }, 400, "at 'rateLimit.window'"],
      [
        { limit: 5, window: 60, categories: ['errors'] },
        400,
        'unknown data category "errors"; known: error,',
      ],
      [{ limit: 5, window: 60, burst: 3 }, 400, 'burst'],
    ];
    for (const [rateLimit, status, message] of cases) {
      const reply = await rpc(c, 'projects.setRateLimit', { projectId: 1, rateLimit });
      expect(reply.status, JSON.stringify(rateLimit)).toBe(status);
      const error = (reply.json as { error: { type: string; message: string } }).error;
      expect(error.type).toBe('invalid_params');
      expect(error.message).toContain(message);
    }
    const missing = await rpc(c, 'projects.setRateLimit', {
      projectId: 99,
      rateLimit: { limit: 1, window: 60 },
    });
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: { type: 'not_found', message: 'project 99 does not exist' } });
    expect((await rpc(c, 'projects.getRateLimit', { projectId: 99 })).status).toBe(404);
    expect((await rpc(c, 'projects.getRateLimit', { projectId: 1 })).json).toEqual({
      result: { limit: 10, window: 60, categories: [] },
    });
  });

  it('changes only the rate limit among the project’s options, and tells every UI', async () => {
    const c = await start();
    c.ctx.db
      .prepare('UPDATE projects SET options = ? WHERE id = 1')
      .run(JSON.stringify({ groupingConfig: 'newstyle:2023-01-11', maxCrashReports: 3 }));
    const changes: string[] = [];
    c.ctx.live.subscribe((event) => changes.push(event.type));
    await setLimit(c, 1, { limit: 5, window: 300 });
    const options = () =>
      JSON.parse(
        c.ctx.db.prepare<[], { options: string }>('SELECT options FROM projects WHERE id = 1').get()!.options,
      ) as Record<string, unknown>;
    expect(options()).toEqual({
      groupingConfig: 'newstyle:2023-01-11',
      maxCrashReports: 3,
      rateLimit: { limit: 5, window: 300, categories: [] },
    });
    await setLimit(c, 1, null);
    expect(options()).toEqual({ groupingConfig: 'newstyle:2023-01-11', maxCrashReports: 3 });
    expect(changes.filter((type) => type === 'projects.changed')).toHaveLength(2);
  });
});

describe('a key enabled or disabled through the API', () => {
  it('is obeyed by ingest at its next request, not a second later', async () => {
    const c = await start();
    const key = c.ctx.projects.get(1)!.keys[0]!;
    expect((await sendEvent(c)).status).toBe(200);
    const toggle = (active: boolean) =>
      rpc(c, 'projects.setKeyActive', { projectId: 1, keyId: key.id, active });
    expect((await toggle(false)).status).toBe(200);
    expect((await sendEvent(c)).status).toBe(403);
    expect((await toggle(true)).status).toBe(200);
    expect((await sendEvent(c)).status).toBe(200);
  });
});
