/**
 * A real data dir for the SnQL tests: corpus envelopes and a real @sentry/node client go through
 * the HTTP ingest endpoint and the pipeline, exactly as an SDK's events would.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Core } from '../../../src-main/core/core.ts';
import type { SnqlResponse, SnqlSuccess } from '../../../src-shared/snql-api.ts';
import { callApi, startCore } from '../../support/core.ts';
import { tempDir } from '../../support/serve.ts';

export const ENVELOPES = path.resolve(import.meta.dirname, '../../../../shared/corpus/envelopes');
export const SNQL_CORPUS = path.resolve(
  import.meta.dirname,
  '../../../../shared/corpus/snql/snql_corpus.json',
);
const SDK_FIXTURE = path.join(import.meta.dirname, 'fixtures', 'seed-sdk.ts');

/** Corpus envelopes that carry error events. */
export const EVENT_ENVELOPES = [
  'node-v11-event-exception.envelope',
  'node-v11-event-message.envelope',
  'node-v11-event-with-attachments.envelope',
  'node-v11-event-gzip-decompressed.envelope',
  'browser-v11-event-exception.envelope',
];

export interface Seeded {
  core: Core;
  dataDir: string;
  projectId: number;
  marker: string;
  /** Event ids the SDK client generated. */
  sdkEventIds: string[];
  envelopesSent: number;
}

export function dsnOf(core: Core, projectId = 1): string {
  const key = core.ctx.projects.get(projectId)?.keys[0]?.publicKey;
  if (!key) throw new Error('the default project has no key');
  return `http://${key}@${new URL(core.url).host}/${projectId}`;
}

export async function seed(): Promise<Seeded> {
  const dataDir = tempDir('faultline-snql-');
  const core = await startCore(dataDir);
  const projectId = 1;
  const key = core.ctx.projects.get(projectId)?.keys[0]?.publicKey ?? '';
  let envelopesSent = 0;
  for (const name of EVENT_ENVELOPES) {
    const file = path.join(ENVELOPES, name);
    if (!fs.existsSync(file)) continue;
    const response = await fetch(
      `${core.url}/api/${projectId}/envelope/?sentry_key=${key}&sentry_version=7`,
      {
        method: 'POST',
        body: fs.readFileSync(file),
      },
    );
    if (response.status !== 200) throw new Error(`${name}: ingest answered ${response.status}`);
    envelopesSent++;
  }
  const marker = `m${Date.now().toString(36)}`;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [SDK_FIXTURE, dsnOf(core, projectId), marker],
    {
      timeout: 30_000,
    },
  );
  const sdkEventIds = (JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { ids: string[] }).ids;
  await core.ctx.pipeline.call('pipeline.drain', {});
  return { core, dataDir, projectId, marker, sdkEventIds, envelopesSent };
}

/** A time window around now that covers the seeded events, as SnQL datetime literals. */
export function seededWindow(): { from: string; to: string } {
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);
  return { from: iso(now - 2 * 86_400_000), to: iso(now + 86_400_000) };
}

/**
 * Queries over the seeded events (`seeded()` once `seed()` resolved): `where` the conditions that
 * select them (and `extra` ones), `run` a query's response, `ok` its success or a thrown error.
 */
export function seededQueries(seeded: () => Seeded) {
  const where = (extra = ''): string => {
    const { projectId, marker } = seeded();
    const { from, to } = seededWindow();
    return `WHERE project_id = ${projectId} AND timestamp >= toDateTime('${from}') AND timestamp < toDateTime('${to}') AND tags[marker] = '${marker}'${extra}`;
  };
  const run = (query: string): Promise<SnqlResponse> => callApi(seeded().core, 'snql.query', { query });
  const ok = async (query: string): Promise<SnqlSuccess> => {
    const response = await run(query);
    if ('error' in response) throw new Error(`${response.error.type}: ${response.error.message}\n${query}`);
    return response;
  };
  return { where, run, ok };
}
