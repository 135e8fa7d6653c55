/**
 * Runs every query of Snuba's SnQL test corpus (../shared/corpus/snql/snql_corpus.json) through
 * Faultline's parser and validator, at the depth the originating Snuba test checks it:
 * `parse_snql_query_initial` → grammar only, `parse_snql_query` → parse-time post-processing,
 * subscriptions → subscription validation, everything else (HTTP, admin) → full validation.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Query } from '../../../src-shared/snql/ast.ts';
import { SNQL_ERROR_CLASSES, SnqlError } from '../../../src-shared/snql/errors.ts';
import { parseSnql } from '../../../src-shared/snql/parse.ts';
import { processQuery } from '../../../src-shared/snql/process.ts';
import { validateQuery } from '../../../src-shared/snql/validate.ts';

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
    () => {
      const records = corpus?.invalid ?? [];
      const counts = { sameMessage: 0, sameClass: 0, unavailable: 0, executionOnly: 0, adminOnly: 0 };
      const unexpected: string[] = [];
      for (const r of records) {
        const [expectedClassText = '', expectedMessage = ''] = r.occurrences[0]?.error ?? [];
        const expectedClass = expectedClassText.split(/[\s(]/)[0] ?? '';
        const error = run(r);
        const snubaClass = (SNQL_ERROR_CLASSES as readonly string[]).includes(expectedClass);
        if (error?.code === 'entity_not_available') {
          counts.unavailable++;
        } else if (expectedClassText.includes('admin tool')) {
          // A project allow-list of Snuba's admin tool, not SnQL: any rejection is right.
          if (error) counts.adminOnly++;
          else unexpected.push(`admin-only record accepted: ${r.query.slice(0, 200)}`);
        } else if (!snubaClass) {
          // Snuba lets these through and ClickHouse fails them; Faultline's always-on function
          // allow-list may refuse one earlier (an unknown function name).
          if (error === null || error.code === 'invalid_function') counts.executionOnly++;
          else unexpected.push(`${expectedClassText}: unexpected ${error.errorClass}: ${error.message}`);
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
      summary.push(
        `invalid: ${counts.sameMessage + counts.sameClass}/${records.length} rejected with the expected class ` +
          `(${counts.sameMessage} with Snuba's exact message), ${counts.unavailable} rejected for unavailable entity, ` +
          `${counts.executionOnly} fail only at execution in Snuba, ${counts.adminOnly} admin-tool-only`,
      );
      expect(unexpected).toEqual([]);
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
