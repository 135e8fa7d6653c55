/** A real core (SQLite, the DuckDB pipeline worker, HTTP on a free loopback port) in a temp data dir. */
import { afterEach } from 'vitest';
import { dispatch } from '../../src-main/core/api/dispatch.ts';
import { type Core, type CoreOptions, createCore } from '../../src-main/core/core.ts';
import { createLogger } from '../../src-main/core/log.ts';
import type { ApiMethod, ApiParams, ApiResult } from '../../src-shared/api.ts';
import { errorFromPayload } from '../../src-shared/errors.ts';
import type { SnqlResponse } from '../../src-shared/snql-api.ts';
import { tempDir } from './serve.ts';

export function startCore(dataDir: string = tempDir(), options: Partial<CoreOptions> = {}): Promise<Core> {
  return createCore({ dataDir, port: 0, mode: 'headless', log: createLogger({ quiet: true }), ...options });
}

/**
 * Returns `start(dataDir?)`, which starts a core for the current test (in a new temp dir unless
 * given one, so a test can stop it and start another on the same data); the last one started is
 * closed after the test (closing a closed core does nothing).
 */
export function coreForEachTest(): (dataDir?: string) => Promise<Core> {
  let core: Core | undefined;
  afterEach(async () => {
    await core?.close();
    core = undefined;
  });
  return async (dataDir) => {
    core = await startCore(dataDir);
    return core;
  };
}

/** Calls an API method through the boundary both transports use (params validated); an error is thrown as the client gets it. */
export async function callApi<M extends ApiMethod>(
  core: Core,
  method: M,
  params: ApiParams<M>,
): Promise<ApiResult<M>> {
  const response = await dispatch(core.ctx, method, params);
  if ('error' in response) throw errorFromPayload(response.error);
  return response.result as ApiResult<M>;
}

/**
 * Posts an envelope to project 1's envelope endpoint with its first key, as an SDK does, and waits
 * until the pipeline has processed it. Fails unless ingest answers 200.
 */
export async function sendEnvelope(core: Core, body: string | Uint8Array<ArrayBuffer>): Promise<void> {
  const key = core.ctx.projects.list()[0]?.keys[0]?.publicKey;
  const response = await fetch(`${core.url}/api/1/envelope/?sentry_key=${key}&sentry_version=7`, {
    method: 'POST',
    body,
  });
  if (response.status !== 200)
    throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
  await core.ctx.pipeline.call('pipeline.drain', {});
}

/**
 * Posts each event JSON to project 1's store endpoint with its first key, as an SDK of the store
 * era does, and waits until the pipeline has processed them. Fails unless ingest answers 200 to each.
 */
export async function storeEvents(core: Core, events: readonly object[]): Promise<void> {
  const key = core.ctx.projects.list()[0]?.keys[0]?.publicKey;
  for (const event of events) {
    const response = await fetch(`${core.url}/api/1/store/?sentry_key=${key}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
    });
    if (response.status !== 200)
      throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
  }
  await core.ctx.pipeline.call('pipeline.drain', {});
}

/**
 * Sends an error event of an issue of its own (fingerprinted by `name`, titled `<name>: <name>
 * happened`) that happened `ageMs` ago, and waits until it is processed.
 */
export async function sendNamedError(core: Core, name: string, ageMs = 0): Promise<void> {
  const eventId = crypto.randomUUID().replaceAll('-', '');
  const event = {
    event_id: eventId,
    timestamp: (Date.now() - ageMs) / 1000,
    platform: 'node',
    fingerprint: [name],
    exception: { values: [{ type: name, value: `${name} happened` }] },
  };
  const header = JSON.stringify({ event_id: eventId });
  await sendEnvelope(core, [header, JSON.stringify({ type: 'event' }), JSON.stringify(event)].join('\n'));
}

/** The issue of project 1 a `sendNamedError` of `name` made, in full (`issues.get`, period 14d). */
export async function issueNamed(core: Core, name: string) {
  const { issues } = await callApi(core, 'issues.list', {
    projectId: 1,
    query: name,
    sort: 'date',
    period: '14d',
  });
  const summary = issues.find((issue) => issue.title.startsWith(`${name}:`));
  if (!summary) throw new Error(`no issue ${name}`);
  return callApi(core, 'issues.get', { groupId: summary.id, period: '14d' });
}

/** Per group id, the events of project 1 the event index counts (SnQL, a day either side of now). */
export async function indexCountsByGroup(core: Core): Promise<Record<string, number>> {
  const from = new Date(Date.now() - 86_400_000).toISOString().slice(0, 19);
  const to = new Date(Date.now() + 86_400_000).toISOString().slice(0, 19);
  const response: SnqlResponse = await callApi(core, 'snql.query', {
    query: `MATCH (events) SELECT count() AS c BY group_id WHERE project_id = 1 AND timestamp >= toDateTime('${from}') AND timestamp < toDateTime('${to}')`,
  });
  if ('error' in response) throw new Error(response.error.message);
  return Object.fromEntries(response.data.map((row) => [String(row.group_id), Number(row.c)]));
}
