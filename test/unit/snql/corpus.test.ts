/**
 * Runs every query of Snuba's SnQL test corpus (../shared/corpus/snql/snql_corpus.json) through
 * Faultline's parser and validator, at the depth the originating Snuba test checks it:
 * `parse_snql_query_initial` → grammar only, `parse_snql_query` → parse-time post-processing,
 * subscriptions → subscription validation, everything else (HTTP, admin) → full validation.
 * Invalid records that pass that depth run on through Faultline's whole path (validate, translate,
 * execute on an empty DuckDB event index), as Snuba's HTTP tests send them through to ClickHouse.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { executeTranslation } from '../../../src-main/core/snql/execute.ts';
import { translate } from '../../../src-main/core/snql/translate.ts';
import { openEventIndex } from '../../../src-main/core/store/duckdb/open_event_index.ts';
import type { Query } from '../../../src-shared/snql/ast.ts';
import {
  ClickhouseError,
  isSnqlErrorSubclass,
  SNQL_ERROR_CLASSES,
  SnqlError,
} from '../../../src-shared/snql/errors.ts';
import { parseSnql } from '../../../src-shared/snql/parse.ts';
import { processQuery } from '../../../src-shared/snql/process.ts';
import { parseAndValidate, validateQuery } from '../../../src-shared/snql/validate.ts';

const CORPUS = path.resolve(import.meta.dirname, '../../../../shared/corpus/snql/snql_corpus.json');
const haveCorpus = existsSync(CORPUS);
if (!haveCorpus) console.warn(`SnQL corpus not found at ${CORPUS}: corpus tests are skipped`);

interface Occurrence {
  source: string;
  checked_by: string;
  error: [string, string] | null;
  notes: string[];
}
interface CorpusRecord {
  query: string;
  entity: string;
  occurrences: Occurrence[];
  grammar: string | null;
}
interface Corpus {
  valid: CorpusRecord[];
  invalid: CorpusRecord[];
}

type Scope = 'initial' | 'parse' | 'subscription' | 'full';

function scopeOf(r: CorpusRecord): Scope {
  const checks = r.occurrences.map((o) => o.checked_by).join(' | ');
  if (checks.includes('parse_snql_query_initial')) return 'initial';
  if (checks.includes('subscription')) return 'subscription';
  if (checks.startsWith('parse_snql_query(events dataset)')) return 'parse';
  return 'full';
}

/** Grammar-only records still name an entity: report the ones Faultline does not carry. */
function entityCheck(ast: Query): void {
  try {
    processQuery(ast);
  } catch (e) {
    if (e instanceof SnqlError && e.code === 'entity_not_available') throw e;
  }
}

/** Runs the record at its scope; returns the SnqlError or null when accepted. */
function run(r: CorpusRecord): SnqlError | null {
  const scope = scopeOf(r);
  try {
    const ast = parseSnql(r.query);
    if (scope === 'initial') entityCheck(ast);
    if (scope === 'parse') processQuery(ast);
    if (scope === 'full' || scope === 'subscription')
      validateQuery(ast, { subscription: scope === 'subscription' });
    return null;
  } catch (e) {
    if (e instanceof SnqlError) return e;
    throw e;
  }
}

/**
 * The whole path for a record its own depth accepts: full validation (or the subscription
 * framework's, which adds the project and window), translation, execution on an empty index.
 */
async function runFullPath(r: CorpusRecord): Promise<SnqlError | ClickhouseError | null> {
  const subscription = scopeOf(r) === 'subscription';
  const index = await openEventIndex(':memory:');
  const conn = await index.connect();
  try {
    const validated = parseAndValidate(r.query, { subscription });
    const window = { projectId: 1, from: '2024-01-01T00:00:00', to: '2024-01-02T00:00:00' };
    const translation = translate(validated, subscription ? { subscription: window } : {});
    await executeTranslation(conn, translation, { timeoutMs: 10_000 });
    return null;
  } catch (e) {
    if (e instanceof SnqlError || e instanceof ClickhouseError) return e;
    throw e;
  } finally {
    conn.closeSync();
    index.close();
  }
}

/** What a Snuba test expects when it only asserts the HTTP status ("HTTP 500 or 400 …"). */
function expectedStatuses(classText: string): number[] {
  const m = /^HTTP (\d{3})(?: or (\d{3}))?/.exec(classText);
  return m ? [m[1], m[2]].filter((v) => v !== undefined).map(Number) : [];
}

const statusOf = (e: SnqlError | ClickhouseError): number => (e instanceof ClickhouseError ? e.status : 400);

const notes = (r: CorpusRecord): string => r.occurrences.flatMap((o) => o.notes).join(' ');
/** Spec §3.3: `-[contains]->` (and the other mocked names) exist only through mocks in Snuba's tests. */
const reliesOnMock = (r: CorpusRecord): boolean =>
  notes(r).includes('mocked') || r.query.includes('-[contains]->');
const isEventsFamily = (r: CorpusRecord): boolean => /^(events|discover_events|discover)\b/.test(r.entity);
const corpus: Corpus | null = haveCorpus ? (JSON.parse(readFileSync(CORPUS, 'utf8')) as Corpus) : null;
const summary: string[] = [];

afterAll(() => {
  if (summary.length > 0) console.log(`SnQL corpus:\n  ${summary.join('\n  ')}`);
});

describe('Snuba SnQL corpus', () => {
  it.skipIf(!haveCorpus)(
    'accepts every valid query, or refuses it only for an entity Faultline does not have',
    () => {
      const records = corpus?.valid ?? [];
      const counts = {
        accepted: 0,
        unavailable: 0,
        mockedRelationship: 0,
        predicted: 0,
        eventsFamily: 0,
        eventsAccepted: 0,
      };
      const unexpected: string[] = [];
      for (const r of records) {
        const error = run(r);
        if (isEventsFamily(r)) counts.eventsFamily++;
        if (error === null) {
          counts.accepted++;
          if (isEventsFamily(r)) counts.eventsAccepted++;
        } else if (error.code === 'entity_not_available') counts.unavailable++;
        else if (error.code === 'invalid_relationship' && reliesOnMock(r)) counts.mockedRelationship++;
        else if (notes(r).includes('would likely reject') || notes(r).includes('would most likely reject'))
          counts.predicted++;
        else unexpected.push(`${r.entity}: ${error.errorClass}: ${error.message}\n${r.query.slice(0, 300)}`);
      }
      summary.push(
        `valid: ${counts.accepted}/${records.length} accepted, ${counts.unavailable} rejected for unavailable entity, ` +
          `${counts.mockedRelationship} rejected for a join relationship only a Snuba test mock defines, ` +
          `${counts.predicted} rejected as the corpus note predicts; events family ${counts.eventsAccepted}/${counts.eventsFamily} accepted`,
      );
      expect(unexpected).toEqual([]);
      expect(counts.accepted).toBeGreaterThan(0);
    },
  );

  it.skipIf(!haveCorpus)(
    'rejects every invalid query with Snuba error class (and message where comparable)',
    async () => {
      const records = corpus?.invalid ?? [];
      const counts = {
        sameMessage: 0,
        sameClass: 0,
        unavailable: 0,
        atExecution: 0,
        allowList: 0,
        adminOnly: 0,
      };
      const unexpected: string[] = [];
      for (const r of records) {
        const [expectedClassText = '', expectedMessage = ''] = r.occurrences[0]?.error ?? [];
        const expectedClass = expectedClassText.split(/[\s(]/)[0] ?? '';
        const error = run(r);
        const snubaClass = (SNQL_ERROR_CLASSES as readonly string[]).includes(expectedClass);
        if (error?.code === 'entity_not_available') {
          counts.unavailable++;
        } else if (expectedClassText.includes('admin tool')) {
          // The admin tool's project allow-list raises the base class; Snuba's own pipeline
          // refuses the same query with a subclass of it.
          if (error && isSnqlErrorSubclass(error.errorClass, expectedClass)) counts.adminOnly++;
          else unexpected.push(`admin-only record: expected ${expectedClass}, got ${error?.errorClass}`);
        } else if (!snubaClass) {
          // Snuba lets these through and ClickHouse refuses them: so must Faultline's whole path.
          if (error?.code === 'invalid_function' && /unknown function/.test(expectedClassText)) {
            // ClickHouse's UNKNOWN_FUNCTION; Faultline's function allow-list is always on (Snuba's
            // `function-validator.enabled`), so the name is refused before execution.
            counts.allowList++;
            continue;
          }
          if (error) {
            unexpected.push(`${expectedClassText}: refused too early: ${error.errorClass}: ${error.message}`);
            continue;
          }
          const failure = await runFullPath(r);
          const statuses = expectedStatuses(expectedClassText);
          const contains = /response contains '([^']+)'/.exec(expectedMessage)?.[1];
          if (failure === null) unexpected.push(`${expectedClassText}: the whole path accepted ${r.query}`);
          else if (statuses.length > 0 && !statuses.includes(statusOf(failure)))
            unexpected.push(`${expectedClassText}: got HTTP ${statusOf(failure)} ${failure.message}`);
          else if (
            statuses.length === 0 &&
            !(
              failure instanceof ClickhouseError &&
              expectedClassText.includes(`ClickhouseError ${failure.code} `)
            )
          )
            unexpected.push(`expected ${expectedClassText}, got ${failure.errorClass}: ${failure.message}`);
          else if (contains !== undefined && !failure.message.includes(contains))
            unexpected.push(`expected a message containing "${contains}", got "${failure.message}"`);
          else counts.atExecution++;
        } else if (error === null) {
          unexpected.push(`accepted, expected ${expectedClass}: ${r.query.slice(0, 300)}`);
        } else if (error.errorClass !== expectedClass) {
          unexpected.push(`expected ${expectedClass}, got ${error.errorClass}: ${error.message}`);
        } else if (error.message === expectedMessage.replace(/^\w+Exception: /, '')) {
          counts.sameMessage++;
        } else {
          // Only where the Snuba test mocked a relationship or its expected text is stale.
          const why = notes(r);
          if (why.includes('mocked') || why.includes('stale')) counts.sameClass++;
          else unexpected.push(`message differs: expected "${expectedMessage}", got "${error.message}"`);
        }
      }
      const rejected = counts.sameMessage + counts.sameClass + counts.atExecution + counts.adminOnly;
      summary.push(
        `invalid: ${rejected}/${records.length} rejected with Snuba's error class ` +
          `(${counts.sameMessage} with Snuba's exact message; ${counts.atExecution} only by the whole path, ` +
          `translation/execution, as ClickHouse does in Snuba; ${counts.adminOnly} admin-tool-only, by the ` +
          `pipeline's subclass), ${counts.unavailable} rejected for unavailable entity, ` +
          `${counts.allowList} refused by the always-on function allow-list where Snuba's ClickHouse fails`,
      );
      expect(unexpected).toEqual([]);
      expect(rejected + counts.unavailable + counts.allowList).toBe(records.length);
    },
  );

  it.skipIf(!haveCorpus)('reproduces the grammar verdict and message recorded for every query', () => {
    const records = [...(corpus?.valid ?? []), ...(corpus?.invalid ?? [])];
    const mismatches: string[] = [];
    for (const r of records) {
      let got: string | null = null;
      try {
        parseSnql(r.query);
      } catch (e) {
        if (e instanceof SnqlError && e.code === 'syntax') got = e.message;
      }
      if (got !== r.grammar) mismatches.push(`expected ${r.grammar}, got ${got}: ${r.query.slice(0, 120)}`);
    }
    summary.push(
      `grammar: ${records.length - mismatches.length}/${records.length} verdicts and messages reproduced`,
    );
    expect(mismatches).toEqual([]);
  });
});
