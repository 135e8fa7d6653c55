/**
 * Acceptance: every valid events-family query of Snuba's SnQL corpus that Faultline accepts runs
 * on DuckDB, over a data dir seeded through the real ingest and pipeline, without an engine error.
 * Each query runs twice: as written (most time ranges are years before the seeded events, so
 * they return no rows) and retargeted at the seeded project and window, so the SQL also meets
 * real rows. Subscription queries run the way Snuba's subscription framework runs them: with the
 * project and the window added.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_INDEX_FILE } from '../../../src-main/core/pipeline/paths.ts';
import { errorBody, executeTranslation } from '../../../src-main/core/snql/execute.ts';
import { translate } from '../../../src-main/core/snql/translate.ts';
import { ClickhouseError, SnqlError } from '../../../src-shared/snql/errors.ts';
import { parseAndValidate } from '../../../src-shared/snql/validate.ts';
import { type Seeded, SNQL_CORPUS, seed, seededWindow } from './seed.ts';

interface CorpusRecord {
  query: string;
  entity: string;
  occurrences: Array<{ checked_by: string; notes: string[] }>;
}

const haveCorpus = fs.existsSync(SNQL_CORPUS);
if (!haveCorpus)
  console.warn(`SnQL corpus not found at ${SNQL_CORPUS}: the corpus execution test is skipped`);

const isEventsFamily = (r: CorpusRecord): boolean => /^(events|discover_events|discover)\b/.test(r.entity);
const isSubscription = (r: CorpusRecord): boolean =>
  r.occurrences.some((o) => o.checked_by.includes('subscription'));

/** The same query aimed at the seeded data: its project ids and its time bounds replaced. */
function retarget(query: string, projectId: number, window: { from: string; to: string }): string {
  return query
    .replace(
      /(project_id\s*(?:=|IN\s+(?:tuple|array)\())\s*\d+(?:\s*,\s*\d+)*/g,
      (_m, head: string) => `${head}${projectId}`,
    )
    .replace(/(timestamp\s*>=\s*)toDateTime\('[^']*'\)/g, `$1toDateTime('${window.from}')`)
    .replace(/(timestamp\s*<\s*)toDateTime\('[^']*'\)/g, `$1toDateTime('${window.to}')`);
}

describe.skipIf(!haveCorpus)('the events-family SnQL corpus on DuckDB', () => {
  let seeded: Seeded;
  let instance: DuckDBInstance;
  beforeAll(async () => {
    seeded = await seed();
    await seeded.core.close();
    instance = await DuckDBInstance.create(path.join(seeded.dataDir, EVENT_INDEX_FILE), {
      access_mode: 'READ_ONLY',
    });
  }, 120_000);
  afterAll(() => instance?.closeSync());

  it('runs every query Faultline accepts without an engine error', async () => {
    const corpus = JSON.parse(fs.readFileSync(SNQL_CORPUS, 'utf8')) as { valid: CorpusRecord[] };
    const records = corpus.valid.filter(isEventsFamily);
    const window = seededWindow();
    const counts = {
      records: records.length,
      ran: 0,
      withRows: 0,
      retargetedWithRows: 0,
      refused: 0,
      engineErrors: 0,
    };
    const refusals = new Map<string, number>();
    const engineErrors: string[] = [];

    const runOnce = async (
      text: string,
      subscription: boolean,
    ): Promise<number | SnqlError | ClickhouseError> => {
      let sql: string | undefined;
      try {
        const validated = parseAndValidate(text, { subscription });
        const translation = translate(
          validated,
          subscription ? { subscription: { projectId: seeded.projectId, ...window } } : {},
        );
        sql = translation.sql;
        const conn = await instance.connect();
        try {
          const result = await executeTranslation(conn, translation, { timeoutMs: 30_000 });
          return result.data.length;
        } finally {
          conn.closeSync();
        }
      } catch (error) {
        if (error instanceof SnqlError) return error;
        // The translation's ClickHouse type checks (before any SQL runs).
        if (error instanceof ClickhouseError && sql === undefined) return error;
        const body = errorBody(error, sql);
        engineErrors.push(
          `${body.type}: ${body.message}\n  query: ${text.trim().slice(0, 300)}\n  sql: ${sql ?? ''}`,
        );
        return -1;
      }
    };

    for (const r of records) {
      const subscription = isSubscription(r);
      const first = await runOnce(r.query, subscription);
      if (first instanceof ClickhouseError) {
        // Valid for Snuba (the test stops it before ClickHouse, e.g. a rate limiter) but refused
        // by ClickHouse had it run: only where the corpus says so.
        const predicted = r.occurrences.some((o) =>
          o.notes.some((n) => n.includes('would fail in ClickHouse')),
        );
        if (predicted) {
          counts.refused++;
          const reason = `ClickHouse's ${first.code}, as the corpus note predicts`;
          refusals.set(reason, (refusals.get(reason) ?? 0) + 1);
        } else engineErrors.push(`${first.message}\n  query: ${r.query.trim().slice(0, 300)}`);
        continue;
      }
      if (first instanceof SnqlError) {
        counts.refused++;
        const aggregate = first.message.includes('is not under aggregate function');
        const reason = aggregate ? "ClickHouse's NOT_AN_AGGREGATE" : `${first.errorClass} (${first.code})`;
        refusals.set(reason, (refusals.get(reason) ?? 0) + 1);
        continue;
      }
      if (first < 0) continue;
      counts.ran++;
      if (first > 0) counts.withRows++;
      const second = await runOnce(retarget(r.query, seeded.projectId, window), subscription);
      if (typeof second === 'number' && second > 0) counts.retargetedWithRows++;
    }
    counts.engineErrors = engineErrors.length;
    console.log(
      `SnQL corpus on DuckDB (events family): ${counts.records} valid records; ${counts.ran} ran ` +
        `(${counts.withRows} returned rows as written, ${counts.retargetedWithRows} returned rows retargeted at the seeded data); ` +
        `${counts.refused} refused before the engine: ${[...refusals].map(([k, n]) => `${k} ×${n}`).join(', ')}; ` +
        `engine errors: ${counts.engineErrors}`,
    );
    expect(engineErrors).toEqual([]);
    expect(counts.ran).toBeGreaterThan(60);
    expect(counts.retargetedWithRows).toBeGreaterThan(20);
  });
});
