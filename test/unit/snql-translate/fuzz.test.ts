/**
 * Fuzzing the whole SnQL path on a small seeded DuckDB index: generated events queries (random
 * clauses, columns, functions and literals of every type) and mutated corpus queries. A query
 * may be refused — by the parser or the validators (`invalid_query`), by the translation's
 * ClickHouse type rules, or by the engine for a type or value ClickHouse refuses too (both a
 * `ClickhouseError` with ClickHouse's code) — but never crash, and never fail in the engine for
 * any other reason: that would mean the translation wrote SQL DuckDB cannot run.
 */
import crypto from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-main/core/pipeline/normalize/json.ts';
import { engineError, QUERY_FAULT_CODES } from '../../../src-main/core/snql/engine-errors.ts';
import { executeTranslation } from '../../../src-main/core/snql/execute.ts';
import { type Translation, translate } from '../../../src-main/core/snql/translate.ts';
import { eventToErrorsRow } from '../../../src-main/core/store/duckdb/errors_row.ts';
import { writeErrorsBatch } from '../../../src-main/core/store/duckdb/errors_writer.ts';
import { type EventIndex, openEventIndex } from '../../../src-main/core/store/duckdb/open_event_index.ts';
import { ClickhouseError, SnqlError } from '../../../src-shared/snql/errors.ts';
import { tokenize } from '../../../src-shared/snql/tokenize.ts';
import { parseAndValidate } from '../../../src-shared/snql/validate.ts';

const CORPUS = path.resolve(import.meta.dirname, '../../../../shared/corpus/snql/snql_corpus.json');
const haveCorpus = existsSync(CORPUS);
if (!haveCorpus) console.warn(`SnQL corpus not found at ${CORPUS}: the corpus-mutation fuzzing is skipped`);

/** Fixed so a failure replays; SNQL_FUZZ_SEED explores further. */
const SEED = Number(process.env.SNQL_FUZZ_SEED ?? 20260122);
const FROM = '2024-03-01T00:00:00';
const TO = '2024-03-02T00:00:00';
const WINDOW = `project_id = 1 AND timestamp >= toDateTime('${FROM}') AND timestamp < toDateTime('${TO}')`;

/** Forty events in the window: levels, tags, users (some empty), exceptions, messages, traces. */
function seedEvents(): JsonObject[] {
  return Array.from({ length: 40 }, (_, i) => {
    const event: JsonObject = {
      event_id: crypto.createHash('md5').update(`fuzz-${i}`).digest('hex'),
      platform: i % 3 === 0 ? 'python' : 'node',
      type: 'error',
      timestamp: Date.parse(`${FROM}Z`) / 1000 + i * 1800 + 7,
      level: ['error', 'warning', 'info', 'fatal'][i % 4] ?? 'error',
      environment: i % 2 === 0 ? 'production' : 'staging',
      release: `app@1.${i % 3}.0`,
      transaction: `/route/${i % 5}`,
      tags: [
        ['browser', ['Chrome 1', 'Firefox 2'][i % 2] ?? ''],
        ['duration', String(i * 10)],
      ],
      contexts: {
        trace: {
          trace_id: crypto.createHash('md5').update(`t${i}`).digest('hex'),
          span_id: '0123456789abcdef',
        },
      },
      ...(i % 4 !== 0
        ? { user: { id: `u${i % 7}`, ip_address: `10.0.0.${i}`, sentry_user: `id:u${i % 7}` } }
        : {}),
    };
    if (i % 5 !== 4) {
      event.exception = {
        values: [
          {
            type: ['TypeError', 'ValueError', 'RangeError'][i % 3] ?? 'Error',
            value: `boom ${i}`,
            mechanism: { type: 'generic', handled: i % 2 === 0 },
            stacktrace: {
              frames: [{ function: `f${i % 4}`, filename: 'a.py', lineno: i + 1, in_app: true }],
            },
          },
        ],
      };
    } else event.logentry = { formatted: `message ${i}` };
    return event;
  });
}

let index: EventIndex;
let conn: DuckDBConnection;
beforeAll(async () => {
  index = await openEventIndex(':memory:');
  const rows = seedEvents().map((event, i) =>
    eventToErrorsRow(event, {
      projectId: 1,
      groupId: (i % 6) + 1,
      primaryHash: crypto
        .createHash('md5')
        .update(`g${i % 6}`)
        .digest('hex'),
      receivedAt: new Date(Date.parse(`${FROM}Z`) + i * 1800_000 + 9000),
    }),
  );
  await writeErrorsBatch(index, rows);
  conn = await index.connect();
});
afterAll(() => {
  conn?.closeSync();
  index?.close();
});

interface Tally {
  refusedInvalid: number;
  refusedEngineTypes: number;
  /** Refused by the engine, by ClickHouse code. */
  refusedByEngine: Map<string, number>;
  ran: number;
  engineErrors: string[];
}

const newTally = (): Tally => ({
  refusedInvalid: 0,
  refusedEngineTypes: 0,
  refusedByEngine: new Map(),
  ran: 0,
  engineErrors: [],
});

/** One input through the whole path; anything but a typed refusal or a result is recorded. */
async function runWhole(text: string, tally: Tally): Promise<void> {
  let translation: Translation;
  try {
    translation = translate(parseAndValidate(text));
  } catch (error) {
    if (error instanceof SnqlError) tally.refusedInvalid++;
    else if (error instanceof ClickhouseError) tally.refusedEngineTypes++;
    else tally.engineErrors.push(`crash before the engine: ${(error as Error).stack}\n  query: ${text}`);
    return;
  }
  try {
    await executeTranslation(conn, translation, { timeoutMs: 10_000 });
    tally.ran++;
  } catch (error) {
    const classified = engineError(error);
    if (QUERY_FAULT_CODES.has(classified.code)) {
      tally.refusedByEngine.set(classified.code, (tally.refusedByEngine.get(classified.code) ?? 0) + 1);
    } else {
      tally.engineErrors.push(`${(error as Error).message}\n  query: ${text}\n  sql: ${translation.sql}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// A grammar-aware generator of events queries.

const literal = fc.oneof(
  fc.constantFrom("'error'", "'production'", "'TypeError'", "''", "'%o%'", "'1'", "'one'"),
  fc.constantFrom("'2024-03-01T10:00:00'", "'2024-03-01 10:00:00'", "'2024-03-01T10:00:00+00:00'"),
  fc.constantFrom("toDateTime('2024-03-01T06:00:00')", "'0123456789abcdef'", `'${'a'.repeat(32)}'`),
  fc.integer({ min: -5, max: 500 }).map(String),
  fc.double({ min: -10, max: 10, noNaN: true }).map((n) => n.toFixed(2)),
  fc.constantFrom('NULL', 'true', 'false'),
);
const scalarColumn = fc.constantFrom(
  'level',
  'platform',
  'environment',
  'release',
  'title',
  'message',
  'culprit',
  'transaction',
  'user',
  'user_id',
  'ip_address',
  'group_id',
  'project_id',
  'timestamp',
  'received',
  'time',
  'event_id',
  'trace_id',
  'span_id',
  'primary_hash',
  'tags[browser]',
  'tags[duration]',
  'tags[missing]',
  'tags[environment]',
  'contexts[trace.span_id]',
  'contexts[device.online]',
  'geo_country_code',
  'exception_main_thread',
  'num_processing_errors',
);
const arrayColumn = fc.constantFrom(
  'exception_stacks.type',
  'exception_stacks.mechanism_handled',
  'exception_frames.lineno',
  'exception_frames.function',
  'tags.key',
  'tags.value',
  'hierarchical_hashes',
);
const scalar: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: scalarColumn },
  { weight: 2, arbitrary: literal },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          'plus',
          'minus',
          'multiply',
          'divide',
          'ifNull',
          'coalesce',
          'greatest',
          'least',
          'concat',
          'equals',
          'like',
          'has',
          'indexOf',
          'arrayElement',
          'positionCaseInsensitive',
          'if',
        ),
        scalarColumn,
        literal,
      )
      .map(([f, a, b]) => (f === 'if' ? `if(equals(${a}, ${b}), ${a}, ${b})` : `${f}(${a}, ${b})`)),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          'toString',
          'toUInt64',
          'toStartOfHour',
          'toStartOfDay',
          'toUnixTimestamp',
          'length',
          'notEmpty',
          'isNull',
          'lower',
          'emptyIfNull',
          'toDate',
          'log',
          'isHandled',
        ),
        fc.oneof(scalarColumn, arrayColumn),
      )
      .map(([f, a]) => (f === 'isHandled' ? 'isHandled()' : `${f}(${a})`)),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(scalarColumn, fc.oneof(scalarColumn, literal), fc.constantFrom('tuple', 'array'))
      .map(([a, b, f]) => `${f}(${a}, ${b})`),
  },
  { weight: 1, arbitrary: arrayColumn.map((a) => `arrayExists(x -> x = 'TypeError', ${a})`) },
  { weight: 1, arbitrary: arrayColumn.map((a) => `arrayMap(x -> toString(x), ${a})`) },
);
const aggregate: fc.Arbitrary<string> = fc.oneof(
  fc.constant('count()'),
  fc
    .tuple(
      fc.constantFrom('uniq', 'max', 'min', 'avg', 'sum', 'any', 'count', 'uniqExact', 'stddev', 'median'),
      scalar,
    )
    .map(([f, x]) => `${f}(${x})`),
  fc
    .tuple(fc.constantFrom('quantile(0.5)', 'quantiles(0.5, 0.9)', 'topK(3)'), scalar)
    .map(([f, x]) => `${f}(${x})`),
  fc.tuple(scalarColumn, literal).map(([c, v]) => `countIf(equals(${c}, ${v}))`),
);
const operator = fc.constantFrom(
  '=',
  '!=',
  '<',
  '>=',
  'LIKE',
  'NOT LIKE',
  'IN',
  'NOT IN',
  'IS NULL',
  'IS NOT NULL',
);
const condition: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(scalar, operator, literal, literal)
    .map(([l, op, a, b]) =>
      op.startsWith('IS')
        ? `${l} ${op}`
        : op.endsWith('IN')
          ? `${l} ${op} tuple(${a}, ${b})`
          : `${l} ${op} ${a}`,
    ),
  fc.tuple(arrayColumn, literal).map(([a, v]) => `has(${a}, ${v}) = 1`),
  fc
    .tuple(scalarColumn, scalarColumn, fc.array(fc.tuple(literal, literal), { minLength: 1, maxLength: 3 }))
    .map(([a, b, rows]) =>
      rows.length === 1
        ? `tuple(${a}, ${b}) = tuple(${rows[0]?.join(', ')})`
        : `tuple(${a}, ${b}) IN tuple(${rows.map((r) => `tuple(${r.join(', ')})`).join(', ')})`,
    ),
);

const generatedQuery: fc.Arbitrary<string> = fc
  .record({
    aggregated: fc.boolean(),
    select: fc.array(fc.tuple(scalar, fc.boolean()), { minLength: 1, maxLength: 3 }),
    aggregates: fc.array(aggregate, { minLength: 1, maxLength: 3 }),
    by: fc.array(scalarColumn, { maxLength: 2 }),
    where: fc.array(condition, { maxLength: 3 }),
    having: fc.option(fc.tuple(aggregate, fc.constantFrom('>', '<=', '='), literal), { nil: undefined }),
    orderBy: fc.option(fc.constantFrom('ASC', 'DESC'), { nil: undefined }),
    arrayJoin: fc.option(arrayColumn, { nil: undefined }),
    limit: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
    offset: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
    granularity: fc.option(fc.constantFrom(60, 3600, 86400, 120), { nil: undefined }),
    totals: fc.boolean(),
  })
  .map((q) => {
    const items = q.aggregated
      ? q.aggregates.map((a, i) => `${a} AS a${i}`)
      : q.select.map(([s, aliased], i) => (aliased ? `${s} AS s${i}` : s));
    const parts = [`MATCH (events) SELECT ${items.join(', ')}`];
    if (q.aggregated && q.by.length > 0) parts.push(`BY ${q.by.join(', ')}`);
    if (q.arrayJoin) parts.push(`ARRAY JOIN ${q.arrayJoin}`);
    parts.push(`WHERE ${[WINDOW, ...q.where].join(' AND ')}`);
    if (q.aggregated && q.having) parts.push(`HAVING ${q.having[0]} ${q.having[1]} ${q.having[2]}`);
    if (q.orderBy)
      parts.push(`ORDER BY ${q.aggregated ? 'a0' : (q.select[0]?.[0] ?? 'timestamp')} ${q.orderBy}`);
    if (q.limit !== undefined) parts.push(`LIMIT ${q.limit}`);
    if (q.offset !== undefined) parts.push(`OFFSET ${q.offset}`);
    if (q.granularity !== undefined) parts.push(`GRANULARITY ${q.granularity}`);
    if (q.aggregated && q.by.length > 0 && q.totals) parts.push('TOTALS true');
    return parts.join(' ');
  });

/** The lexer's tokens and the text between them, so a mutation moves whole tokens. */
function piecesOf(query: string): string[] {
  const pieces: string[] = [];
  let last = 0;
  for (const token of tokenize(query)) {
    if (token.offset > last) pieces.push(query.slice(last, token.offset));
    pieces.push(query.slice(token.offset, token.end));
    last = token.end;
  }
  if (last < query.length) pieces.push(query.slice(last));
  return pieces;
}

function report(name: string, tally: Tally): void {
  console.log(
    `${name}: ${tally.ran} ran, ${tally.refusedInvalid} refused as invalid_query, ` +
      `${tally.refusedEngineTypes} refused by the translation's ClickHouse type rules, ` +
      `${[...tally.refusedByEngine.values()].reduce((a, b) => a + b, 0)} refused by the engine as ClickHouse does ` +
      `(${[...tally.refusedByEngine].map(([code, n]) => `${code} ×${n}`).join(', ')}), ` +
      `${tally.engineErrors.length} other engine errors`,
  );
}

describe('SnQL whole-path fuzzing on DuckDB', () => {
  it('runs every generated query that validates, or refuses it as ClickHouse would', async () => {
    const tally = newTally();
    await fc.assert(
      fc.asyncProperty(generatedQuery, (text) => runWhole(text, tally)),
      { seed: SEED, numRuns: 400 },
    );
    report('generated events queries', tally);
    if (process.env.FUZZ_DUMP) {
      const heads = new Map<string, string>();
      for (const e of tally.engineErrors)
        heads.set(e.split('\n')[0]?.slice(0, 110) ?? '', e.split('  query: ')[1]?.split('\n')[0] ?? '');
      console.log([...heads].map(([h, q]) => `${h}\n     ${q}`).join('\n'));
    }
    expect(tally.engineErrors.slice(0, 5)).toEqual([]);
    expect(tally.ran).toBeGreaterThan(30);
  });

  it('runs the shapes fuzzing once broke: TOTALS with literals only in HAVING, constant (and NULL) sort and group keys', async () => {
    const totals = await executeTranslation(
      conn,
      translate(
        parseAndValidate(
          `MATCH (events) SELECT count() AS c BY level WHERE ${WINDOW} HAVING countIf(equals(platform, 'node')) >= 0 ORDER BY c DESC TOTALS true`,
        ),
      ),
    );
    expect(totals.totals?.c).toBe(40);
    expect(totals.data.length).toBe(4);
    const constant = await executeTranslation(
      conn,
      translate(
        parseAndValidate(
          `MATCH (events) SELECT count() AS c BY 'x' WHERE ${WINDOW} ORDER BY -0.5 ASC, 'y' DESC`,
        ),
      ),
    );
    expect(constant.data).toEqual([{ "'x'": 'x', c: 40 }]);
    const nullKey = await executeTranslation(
      conn,
      translate(parseAndValidate(`MATCH (events) SELECT NULL WHERE ${WINDOW} ORDER BY NULL DESC LIMIT 1`)),
    );
    expect(nullKey.data).toEqual([{ NULL: null }]);
  });

  it.skipIf(!haveCorpus)('runs every mutated events corpus query that validates', async () => {
    const corpus = JSON.parse(readFileSync(CORPUS, 'utf8')) as { valid: { query: string; entity: string }[] };
    // Aimed at the seeded project and window, so the mutants keep Snuba's required conditions.
    const queries = corpus.valid
      .filter((r) => /^(events|discover)\b/.test(r.entity))
      .map((r) =>
        r.query
          .replace(
            /project_id\s*(=|IN\s+(?:tuple|array)\()\s*\d+(\s*,\s*\d+)*/g,
            (_m, head: string) => `project_id ${head} 1`,
          )
          .replace(/(timestamp\s*>=\s*)toDateTime\('[^']*'\)/g, `$1toDateTime('${FROM}')`)
          .replace(/(timestamp\s*<\s*)toDateTime\('[^']*'\)/g, `$1toDateTime('${TO}')`),
      );
    const tally = newTally();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...queries),
        fc.array(fc.tuple(fc.constantFrom('delete', 'swap', 'duplicate'), fc.nat(), fc.nat()), {
          minLength: 1,
          maxLength: 2,
        }),
        (query, mutations) => {
          const pieces = piecesOf(query);
          for (const [kind, a, b] of mutations) {
            if (pieces.length === 0) break;
            const i = a % pieces.length;
            const j = b % pieces.length;
            if (kind === 'delete') pieces.splice(i, 1);
            else if (kind === 'duplicate') pieces.splice(i, 0, pieces[i] ?? '');
            else [pieces[i], pieces[j]] = [pieces[j] ?? '', pieces[i] ?? ''];
          }
          return runWhole(pieces.join(''), tally);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
    report('mutated corpus queries', tally);
    expect(tally.engineErrors.slice(0, 5)).toEqual([]);
    expect(tally.ran).toBeGreaterThan(20);
  });
});
