/**
 * Fuzzing the SnQL parser and validator (fast-check, seeded so a failure replays): random text
 * and mutations of Snuba's corpus queries (tokens deleted, inserted, swapped, duplicated) must
 * never crash or hang the parser. Every refusal is an `invalid_query` SnqlError, and a grammar
 * error points inside the text the user typed.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SnqlError } from '../../../src-shared/snql/errors.ts';
import { parseSnql } from '../../../src-shared/snql/parse.ts';
import { SNQL_KEYWORDS, tokenize } from '../../../src-shared/snql/tokenize.ts';
import { validateQuery } from '../../../src-shared/snql/validate.ts';

const CORPUS = path.resolve(import.meta.dirname, '../../../../shared/corpus/snql/snql_corpus.json');
const haveCorpus = existsSync(CORPUS);
if (!haveCorpus) console.warn(`SnQL corpus not found at ${CORPUS}: the corpus-mutation fuzzing is skipped`);

/** Generous: the slowest corpus query parses in a few ms; a hang or a blow-up is far beyond. */
const MAX_MS_PER_INPUT = 1_000;
/** Fixed so a failure replays; SNQL_FUZZ_SEED explores further. */
const SEED = Number(process.env.SNQL_FUZZ_SEED ?? 20260122);

const corpusQueries: string[] = haveCorpus
  ? (() => {
      const c = JSON.parse(readFileSync(CORPUS, 'utf8')) as {
        valid: { query: string }[];
        invalid: { query: string }[];
      };
      return [...c.valid, ...c.invalid].map((r) => r.query).filter((q) => q.length < 4000);
    })()
  : [];

/** Pieces to insert: the keywords, operators and punctuation the grammar knows, and a few hostile ones. */
const VOCABULARY = [
  ...SNQL_KEYWORDS,
  'MATCH',
  '(',
  ')',
  '[',
  ']',
  ',',
  '=',
  '!=',
  '<',
  '>=',
  '->',
  '-[',
  ']->',
  ':',
  "'",
  '`',
  '"',
  '\\',
  'x -> x',
  'tags[',
  'count()',
  'toDateTime(',
  "'2024-01-01T00:00:00'",
  '1e400',
  '-9223372036854775809',
  '18446744073709551616',
  'NULL',
  'true',
  ';',
  '--',
  '/*',
  '\u0000',
  '\u{1F600}',
  'events',
  'e',
];

interface Outcome {
  ms: number;
  error: unknown;
}

function timed(work: () => unknown): Outcome {
  const started = performance.now();
  try {
    work();
    return { ms: performance.now() - started, error: null };
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
}

/** A refusal must be a typed `invalid_query`; a grammar error must point inside the text. */
function checkRefusal(text: string, outcome: Outcome, requireSpan: boolean): void {
  expect(outcome.ms).toBeLessThan(MAX_MS_PER_INPUT);
  const { error } = outcome;
  if (error === null) return;
  if (!(error instanceof SnqlError)) throw error;
  expect(error.type).toBe('invalid_query');
  expect(error.toPayload().type).toBe('invalid_query');
  if (requireSpan || error.span) {
    const span = error.span;
    expect(span, `no position for "${error.message}" in ${JSON.stringify(text)}`).toBeDefined();
    if (!span) return;
    expect(span.offset).toBeGreaterThanOrEqual(0);
    expect(span.offset).toBeLessThanOrEqual(text.length);
    expect(span.end).toBeGreaterThanOrEqual(span.offset);
    expect(span.end).toBeLessThanOrEqual(text.length);
    // line/column agree with the offset (1-based).
    const before = text.slice(0, span.offset).split('\n');
    expect(span.line).toBe(before.length);
    expect(span.column).toBe((before[before.length - 1]?.length ?? 0) + 1);
  }
}

function parseAndCheck(text: string): void {
  const outcome = timed(() => parseSnql(text));
  checkRefusal(text, outcome, true);
  if (outcome.error === null) {
    // What parses must also validate or be refused as an invalid_query, never crash.
    checkRefusal(
      text,
      timed(() => validateQuery(parseSnql(text))),
      false,
    );
  }
}

type Mutation =
  | { kind: 'delete'; at: number }
  | { kind: 'insert'; at: number; piece: string }
  | { kind: 'swap'; at: number; with: number }
  | { kind: 'duplicate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    piece: fc.oneof(fc.constantFrom(...VOCABULARY), fc.string({ maxLength: 3 })),
  }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
);

/** Applies mutations token-wise: tokens are the lexer's, so strings and names move whole. */
function mutate(query: string, mutations: readonly Mutation[]): string {
  const pieces: string[] = [];
  let last = 0;
  for (const token of tokenize(query)) {
    if (token.offset > last) pieces.push(query.slice(last, token.offset));
    pieces.push(query.slice(token.offset, token.end));
    last = token.end;
  }
  if (last < query.length) pieces.push(query.slice(last));
  for (const m of mutations) {
    if (pieces.length === 0) break;
    const i = m.at % pieces.length;
    if (m.kind === 'delete') pieces.splice(i, 1);
    else if (m.kind === 'insert') pieces.splice(i, 0, ` ${m.piece} `);
    else if (m.kind === 'duplicate') pieces.splice(i, 0, pieces[i] ?? '');
    else {
      const j = m.with % pieces.length;
      [pieces[i], pieces[j]] = [pieces[j] ?? '', pieces[i] ?? ''];
    }
  }
  return pieces.join('');
}

describe('SnQL parser fuzzing', () => {
  it('never crashes or hangs on random text, and refuses it as an invalid_query with a position', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.string({ unit: 'grapheme', maxLength: 100 }),
          fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 30 }).map((parts) => parts.join(' ')),
        ),
        parseAndCheck,
      ),
      { seed: SEED, numRuns: 400 },
    );
  });

  it.skipIf(!haveCorpus)('never crashes or hangs on mutated corpus queries', () => {
    let refused = 0;
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...corpusQueries),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (query, mutations) => {
          const text = mutate(query, mutations);
          parseAndCheck(text);
          if (timed(() => parseSnql(text)).error === null) accepted++;
          else refused++;
        },
      ),
      { seed: SEED, numRuns: 500 },
    );
    console.log(`SnQL mutation fuzzing: ${accepted} mutants parsed, ${refused} refused with a position`);
    // The generator must exercise both sides of the grammar.
    expect(accepted).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(20);
  });

  it('stays fast on deeply nested and very long input', () => {
    const deep = `MATCH (events) SELECT ${'f('.repeat(2000)}1${')'.repeat(2000)}`;
    const wide = `MATCH (events) SELECT count() WHERE ${Array.from({ length: 3000 }, (_, i) => `a = ${i}`).join(' OR ')}`;
    const parens = `MATCH (events) SELECT count() WHERE ${'('.repeat(5000)}a = 1${')'.repeat(5000)}`;
    const unclosed = `MATCH (events) SELECT '${'\\\\'.repeat(5000)}`;
    for (const text of [deep, wide, parens, unclosed]) {
      checkRefusal(
        text,
        timed(() => parseSnql(text)),
        true,
      );
      checkRefusal(
        text,
        timed(() => validateQuery(parseSnql(text))),
        false,
      );
    }
  });
});
