/**
 * What the console editor should offer at the cursor: a keyword, an entity, a join relationship,
 * a column or function, or a tag key. Works on unfinished text (it only needs the tokens before
 * the cursor), so it never throws.
 */
import { type Token, tokenize } from './tokenize.ts';

export type CompletionExpectation =
  | 'keyword'
  | 'entity'
  | 'relationship'
  | 'column'
  | 'function'
  | 'tag_key'
  | 'alias'
  | 'value';

export type SnqlClause =
  | 'MATCH'
  | 'SELECT'
  | 'BY'
  | 'ARRAY JOIN'
  | 'WHERE'
  | 'HAVING'
  | 'ORDER BY'
  | 'LIMIT'
  | 'OFFSET'
  | 'GRANULARITY'
  | 'TOTALS';

export interface CompletionContext {
  readonly expects: readonly CompletionExpectation[];
  /** The partial word before the cursor, and where a completion should start replacing. */
  readonly prefix: string;
  readonly replaceFrom: number;
  readonly clause: SnqlClause | null;
  /** Keywords that may come next (only when `expects` includes 'keyword'). */
  readonly keywords: readonly string[];
  /** Whose columns apply: the single entity, or the one behind the `alias.` being typed. */
  readonly entity?: string;
  readonly entityAlias?: string;
  /** For tag keys: `tags`, `contexts` or `flags`. */
  readonly subscriptable?: string;
}

const CLAUSES: readonly SnqlClause[] = [
  'MATCH',
  'SELECT',
  'BY',
  'ARRAY JOIN',
  'WHERE',
  'HAVING',
  'ORDER BY',
  'LIMIT',
  'OFFSET',
  'GRANULARITY',
  'TOTALS',
];
const LATER: Readonly<Record<SnqlClause, readonly string[]>> = {
  MATCH: ['SELECT'],
  SELECT: ['BY', 'ARRAY JOIN', 'WHERE', 'HAVING', 'ORDER BY', 'LIMIT', 'OFFSET', 'GRANULARITY', 'TOTALS'],
  BY: ['ARRAY JOIN', 'WHERE', 'HAVING', 'ORDER BY', 'LIMIT', 'OFFSET', 'GRANULARITY', 'TOTALS'],
  'ARRAY JOIN': ['WHERE', 'HAVING', 'ORDER BY', 'LIMIT', 'OFFSET', 'GRANULARITY', 'TOTALS'],
  WHERE: ['HAVING', 'ORDER BY', 'LIMIT', 'OFFSET', 'GRANULARITY', 'TOTALS'],
  HAVING: ['ORDER BY', 'LIMIT', 'OFFSET', 'GRANULARITY', 'TOTALS'],
  'ORDER BY': ['LIMIT', 'OFFSET', 'GRANULARITY', 'TOTALS'],
  LIMIT: ['BY', 'OFFSET', 'GRANULARITY', 'TOTALS'],
  OFFSET: ['GRANULARITY', 'TOTALS'],
  GRANULARITY: ['TOTALS'],
  TOTALS: [],
};
const CONDITION_OPS = [
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'IN',
  'NOT IN',
  'LIKE',
  'NOT LIKE',
  'IS NULL',
  'IS NOT NULL',
];
const OPERAND_KINDS = new Set(['identifier', 'number', 'string', 'quoted_identifier', 'entity']);
const SUBSCRIPTABLE = /(?:^|\.)(tags|flags|contexts)$/;

export function completionContext(text: string, offset: number): CompletionContext {
  const all = tokenize(text.slice(0, offset));
  const last = all[all.length - 1];
  const partial = last !== undefined && last.end === offset && isWordLike(last) ? last : undefined;
  const tokens = partial ? all.slice(0, -1) : all;
  const prefix = partial?.text ?? '';
  const base = { prefix, replaceFrom: partial?.offset ?? offset, keywords: [] as string[] };
  const clause = currentClause(tokens);
  const entities = matchEntities(tokens);
  const prev = tokens[tokens.length - 1];
  const before = tokens[tokens.length - 2];

  if (prev?.text === '[' && before && SUBSCRIPTABLE.test(before.text)) {
    const sub = SUBSCRIPTABLE.exec(before.text)?.[1] ?? 'tags';
    return { ...base, ...entityOf(before.text, entities), expects: ['tag_key'], clause, subscriptable: sub };
  }
  if (clause === null) return { ...base, expects: ['keyword'], clause, keywords: ['MATCH'] };
  if (prev?.text === '-[') return { ...base, expects: ['relationship'], clause, ...entityOf('', entities) };
  if (prev?.text === 'AS') return { ...base, expects: ['alias'], clause };
  if (clause === 'MATCH') return matchContext(base, prev);
  if (clause === 'TOTALS') return { ...base, expects: ['keyword'], clause, keywords: ['true', 'false'] };
  if (clause === 'LIMIT' || clause === 'OFFSET' || clause === 'GRANULARITY') {
    return prev?.kind === 'number'
      ? { ...base, expects: ['keyword'], clause, keywords: LATER[clause] }
      : { ...base, expects: ['value'], clause };
  }
  if (prev !== undefined && completesOperand(prev))
    return { ...base, expects: ['keyword'], clause, keywords: nextKeywords(clause, prev) };
  return { ...base, expects: ['column', 'function'], clause, ...entityOf(prefix, entities) };
}

function isWordLike(t: Token): boolean {
  return (
    ['identifier', 'function', 'entity', 'keyword', 'tag_key'].includes(t.kind) && /^[A-Za-z_]/.test(t.text)
  );
}

function completesOperand(t: Token): boolean {
  if (OPERAND_KINDS.has(t.kind) || t.text === ')' || t.text === ']') return true;
  return (
    t.kind === 'keyword' &&
    ['NULL', 'TRUE', 'FALSE', 'ASC', 'DESC', 'IS NULL', 'IS NOT NULL'].includes(t.text.toUpperCase())
  );
}

function nextKeywords(clause: SnqlClause, prev: Token): string[] {
  const later = [...LATER[clause]];
  switch (clause) {
    case 'SELECT':
    case 'BY':
      return ['AS', ...later];
    case 'WHERE':
    case 'HAVING':
      return /^(IS NULL|IS NOT NULL)$/.test(prev.text)
        ? ['AND', 'OR', ...later]
        : [...CONDITION_OPS, 'AND', 'OR', ...later];
    case 'ORDER BY':
      return prev.text === 'ASC' || prev.text === 'DESC' ? later : ['ASC', 'DESC'];
    default:
      return later;
  }
}

function matchContext(
  base: { prefix: string; replaceFrom: number; keywords: string[] },
  prev: Token | undefined,
): CompletionContext {
  if (prev?.text === '(' || prev?.text === ':') return { ...base, expects: ['entity'], clause: 'MATCH' };
  if (prev?.text === ')' || prev?.kind === 'entity') {
    return {
      ...base,
      expects: ['keyword'],
      clause: 'MATCH',
      keywords: prev.text === ')' ? ['SELECT'] : ['SAMPLE'],
    };
  }
  return { ...base, expects: ['entity'], clause: 'MATCH' };
}

/** The last clause keyword outside brackets (a `{ subquery }` counts as inside). */
function currentClause(tokens: readonly Token[]): SnqlClause | null {
  let depth = 0;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i] as Token;
    if (t.text === ')' || t.text === '}' || t.text === ']') depth++;
    else if (t.text === '(' || t.text === '{' || t.text === '[') depth = Math.max(0, depth - 1);
    else if (depth === 0 && t.kind === 'keyword' && (CLAUSES as readonly string[]).includes(t.text)) {
      if (t.text === 'BY' && tokens[i - 2]?.text === 'LIMIT') return 'LIMIT';
      return t.text as SnqlClause;
    }
  }
  return null;
}

/** `MATCH (events)` or `(e: events)` pairs: alias → entity ('' for a single entity). */
function matchEntities(tokens: readonly Token[]): Map<string, string> {
  const out = new Map<string, string>();
  tokens.forEach((t, i) => {
    if (t.kind !== 'entity') return;
    const colon = tokens[i - 1]?.text === ':';
    const alias = colon ? tokens[i - 2]?.text : '';
    if (alias !== undefined && !out.has(alias)) out.set(alias, t.text);
  });
  return out;
}

function entityOf(
  prefix: string,
  entities: ReadonlyMap<string, string>,
): { entity?: string; entityAlias?: string } {
  const dot = prefix.indexOf('.');
  const alias = dot > 0 ? prefix.slice(0, dot) : '';
  const entity = entities.get(alias);
  if (entity !== undefined && alias !== '') return { entity, entityAlias: alias };
  if (entity !== undefined) return { entity };
  if (entities.size === 1) {
    const [only] = entities.values();
    return only === undefined ? {} : { entity: only };
  }
  return {};
}
