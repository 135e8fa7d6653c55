/**
 * Clause rules of Snuba's SnQL grammar: `query_exp`, the MATCH forms (entity, STORAGE, joins,
 * subqueries) and SELECT … TOTALS in their fixed order. Every clause keyword needs whitespace
 * before and after it; keywords are exact and case-sensitive.
 */
import type {
  Column,
  DataSource,
  EntityNode,
  Expression,
  IntClause,
  JoinRelationship,
  LimitBy,
  OrderBy,
  Query,
  SelectedExpression,
} from './ast.ts';
import { orExpression } from './conditionGrammar.ts';
import {
  asAlias,
  booleanLiteral,
  columnName,
  integerLiteral,
  lowPriArithmetic,
  numericLiteralRule,
  simpleTerm,
  subscriptable,
  tagColumn,
} from './expressionGrammar.ts';
import type { GrammarState, Res } from './grammarState.ts';

const ENTITY_NAME = /[a-zA-Z_]+/y;
const ALIAS_NAME = /[a-zA-Z_][a-zA-Z0-9_]*/y;

/** `space+ KEYWORD space+`: the clause prefix; -1 if absent. */
function keyword(st: GrammarState, pos: number, word: string): number {
  const s = st.spaces1(pos);
  if (s < 0) return -1;
  const k = st.literal(s, word);
  return k < 0 ? -1 : st.spaces1(k);
}

export function queryExp(st: GrammarState, pos: number): Res<Query> {
  return st.named('query_exp', pos, () => {
    const from = matchClause(st, pos);
    if (!from) return null;
    const select = selectClause(st, from.end);
    if (!select) return null;
    let p = select.end;
    const opt = <T>(r: Res<T>): T | null => {
      if (!r) return null;
      p = r.end;
      return r.value;
    };
    const groupBy = opt(listClause(st, p, 'group_by_clause', 'BY', 'group_list'));
    const arrayJoin = opt(arrayJoinClause(st, p));
    const where = opt(conditionClause(st, p, 'where_clause', 'WHERE'));
    const having = opt(conditionClause(st, p, 'having_clause', 'HAVING'));
    const orderBy = opt(orderByClause(st, p));
    const limitBy = opt(limitByClause(st, p));
    const limit = opt(intClause(st, p, 'limit_clause', 'LIMIT'));
    const offset = opt(intClause(st, p, 'offset_clause', 'OFFSET'));
    const granularity = opt(intClause(st, p, 'granularity_clause', 'GRANULARITY'));
    const totals = opt(totalsClause(st, p));
    const end = st.spaces(p);
    const query: Query = {
      kind: 'query',
      from: from.value,
      select: select.value,
      groupBy: groupBy ?? [],
      arrayJoin: arrayJoin ?? [],
      where,
      having,
      orderBy: orderBy ?? [],
      limitBy,
      limit,
      offset,
      granularity,
      totals,
      span: st.span(st.spaces(pos), p),
    };
    return { end, value: query };
  });
}

// ---- MATCH ----------------------------------------------------------------------------------

/** `match_clause = space* "MATCH" space+ (subquery / join_clause / entity_single / storage_single)` */
function matchClause(st: GrammarState, pos: number): Res<DataSource> {
  return st.named('match_clause', pos, () => {
    let p = st.literal(st.spaces(pos), 'MATCH');
    if (p < 0) return null;
    p = st.spaces1(p);
    if (p < 0) return null;
    return subquery(st, p) ?? joinClause(st, p) ?? entitySingle(st, p) ?? storageSingle(st, p);
  });
}

function subquery(st: GrammarState, pos: number): Res<DataSource> {
  return st.named('subquery', pos, () => {
    const p = st.literal(pos, '{', 'open_brace');
    if (p < 0) return null;
    const inner = queryExp(st, p);
    if (!inner) return null;
    const end = st.literal(inner.end, '}', 'close_brace');
    if (end < 0) return null;
    return { end, value: { kind: 'subquery', query: inner.value, span: st.span(pos, end) } };
  });
}

/** `sample_clause = space+ "SAMPLE" space+ numeric_literal` */
function sampleClause(st: GrammarState, pos: number): Res<number> {
  return st.named('sample_clause', pos, () => {
    const p = keyword(st, pos, 'SAMPLE');
    if (p < 0) return null;
    const n = numericLiteralRule(st, p);
    if (!n) return null;
    const lit = n.value.literal;
    const value = lit.type === 'int' ? Number(lit.value) : lit.type === 'float' ? lit.value : 0;
    return { end: n.end, value };
  });
}

/** The `name [SAMPLE n] space* )` tail shared by entity and storage nodes. */
function nameAndSample(
  st: GrammarState,
  pos: number,
  nameRule: string,
): Res<{ name: string; sample?: number; nameEnd: number }> {
  const nameEnd = st.regex(pos, ENTITY_NAME, nameRule);
  if (nameEnd < 0) return null;
  const sample = sampleClause(st, nameEnd);
  const close = st.literal(st.spaces(sample ? sample.end : nameEnd), ')', 'close_paren');
  if (close < 0) return null;
  const name = st.text.slice(pos, nameEnd);
  return { end: close, value: sample ? { name, sample: sample.value, nameEnd } : { name, nameEnd } };
}

function entitySingle(st: GrammarState, pos: number): Res<DataSource> {
  return st.named('entity_single', pos, () => {
    const p = st.literal(pos, '(', 'open_paren');
    if (p < 0) return null;
    const namePos = st.spaces(p);
    const tail = nameAndSample(st, namePos, 'entity_name');
    if (!tail) return null;
    const node: EntityNode = {
      kind: 'entity',
      entity: tail.value.name,
      span: st.span(namePos, tail.value.nameEnd),
    };
    return {
      end: tail.end,
      value: tail.value.sample === undefined ? node : { ...node, sample: tail.value.sample },
    };
  });
}

function storageSingle(st: GrammarState, pos: number): Res<DataSource> {
  return st.named('storage_single', pos, () => {
    let p = st.literal(pos, 'STORAGE');
    if (p < 0) return null;
    p = st.literal(st.spaces(p), '(', 'open_paren');
    if (p < 0) return null;
    const namePos = st.spaces(p);
    const tail = nameAndSample(st, namePos, 'storage_name');
    if (!tail) return null;
    const span = st.span(namePos, tail.value.nameEnd);
    const sample = tail.value.sample;
    return {
      end: tail.end,
      value:
        sample === undefined
          ? { kind: 'storage', storage: tail.value.name, span }
          : { kind: 'storage', storage: tail.value.name, sample, span },
    };
  });
}

/** `join_clause = (relationship_match comma)* relationship_match` */
function joinClause(st: GrammarState, pos: number): Res<DataSource> {
  return st.named('join_clause', pos, () => {
    const relationships: JoinRelationship[] = [];
    let p = pos;
    for (;;) {
      const rel = relationshipMatch(st, p);
      if (!rel) return null;
      relationships.push(rel.value);
      const comma = st.literal(rel.end, ',', 'comma');
      if (comma < 0) {
        p = rel.end;
        break;
      }
      p = comma;
    }
    return { end: p, value: { kind: 'join', relationships, span: st.span(st.spaces(pos), p) } };
  });
}

function relationshipMatch(st: GrammarState, pos: number): Res<JoinRelationship> {
  return st.named('relationship_match', pos, () => {
    const start = st.spaces(pos);
    const lhs = entityMatch(st, start);
    if (!lhs) return null;
    let p = st.literal(st.spaces(lhs.end), '-[');
    if (p < 0) {
      st.fail('relationship_link', st.spaces(lhs.end));
      return null;
    }
    const relEnd = st.regex(p, ALIAS_NAME, 'relationship_name');
    if (relEnd < 0) return null;
    const relationship = st.text.slice(p, relEnd);
    p = st.literal(relEnd, ']->');
    if (p < 0) return null;
    const rhs = entityMatch(st, st.spaces(p));
    if (!rhs) return null;
    return {
      end: rhs.end,
      value: { lhs: lhs.value, relationship, rhs: rhs.value, span: st.span(start, rhs.end) },
    };
  });
}

/** `entity_match = open_paren entity_alias colon space* entity_name sample_clause? space* close_paren` */
function entityMatch(st: GrammarState, pos: number): Res<EntityNode> {
  return st.named('entity_match', pos, () => {
    const p = st.literal(pos, '(', 'open_paren');
    if (p < 0) return null;
    const aliasEnd = st.regex(p, ALIAS_NAME, 'entity_alias');
    if (aliasEnd < 0) return null;
    const colon = st.literal(aliasEnd, ':', 'colon');
    if (colon < 0) return null;
    const namePos = st.spaces(colon);
    const tail = nameAndSample(st, namePos, 'entity_name');
    if (!tail) return null;
    const node: EntityNode = {
      kind: 'entity',
      entity: tail.value.name,
      alias: st.text.slice(p, aliasEnd),
      span: st.span(pos, tail.end),
    };
    return {
      end: tail.end,
      value: tail.value.sample === undefined ? node : { ...node, sample: tail.value.sample },
    };
  });
}

// ---- SELECT / BY / ARRAY JOIN ---------------------------------------------------------------------

function selectClause(st: GrammarState, pos: number): Res<SelectedExpression[]> {
  return listClause(st, pos, 'select_clause', 'SELECT', 'select_list');
}

/** `space+ KEYWORD space+ (selected_expression space* comma)* selected_expression` */
function listClause(
  st: GrammarState,
  pos: number,
  rule: string,
  word: string,
  listRule: string,
): Res<SelectedExpression[]> {
  return st.named(rule, pos, () => {
    const p = keyword(st, pos, word);
    if (p < 0) return null;
    return st.named(listRule, p, () => commaList(st, p, selectedExpression, false));
  });
}

/** PEG `(item space* comma [space*])* item`: a trailing comma or an empty item fails the whole list. */
function commaList<T>(
  st: GrammarState,
  pos: number,
  item: (st: GrammarState, pos: number) => Res<T>,
  spaceAfterComma: boolean,
): Res<T[]> {
  const items: T[] = [];
  let p = pos;
  for (;;) {
    const r = item(st, p);
    if (!r) return null;
    items.push(r.value);
    const comma = st.literal(st.spaces(r.end), ',', 'comma');
    if (comma < 0) return { end: r.end, value: items };
    p = spaceAfterComma ? st.spaces(comma) : comma;
  }
}

/** `selected_expression = space* (aliased_tag_column / aliased_subscriptable / aliased_column_name / low_pri_arithmetic)` */
function selectedExpression(st: GrammarState, pos: number): Res<SelectedExpression> {
  return st.named('selected_expression', pos, () => {
    const p = st.spaces(pos);
    const aliased =
      aliasedTerm(st, p, 'aliased_tag_column', tagColumn) ??
      aliasedTerm(st, p, 'aliased_subscriptable', subscriptable) ??
      aliasedTerm(st, p, 'aliased_column_name', columnName);
    if (aliased) {
      const name = aliased.value.alias ?? '';
      return { end: aliased.end, value: { name, expression: aliased.value, span: st.span(p, aliased.end) } };
    }
    const e = lowPriArithmetic(st, p);
    if (!e) return null;
    const name = e.value.alias ?? st.text.slice(p, e.end).trim();
    return { end: e.end, value: { name, expression: e.value, span: st.span(p, e.end) } };
  });
}

function aliasedTerm(
  st: GrammarState,
  pos: number,
  rule: string,
  term: (st: GrammarState, pos: number) => Res<Expression>,
): Res<Expression> {
  return st.named(rule, pos, () => {
    const t = term(st, pos);
    if (!t) return null;
    const alias = asAlias(st, t.end);
    if (!alias) return null;
    return { end: alias.end, value: { ...t.value, alias: alias.value, span: st.span(pos, alias.end) } };
  });
}

function arrayJoinClause(st: GrammarState, pos: number): Res<Expression[]> {
  return st.named('arrayjoin_clause', pos, () => {
    const p = keyword(st, pos, 'ARRAY JOIN');
    if (p < 0) return null;
    const entry = (s: GrammarState, q: number): Res<Expression> =>
      s.named('arrayjoin_entry', q, () => tagColumn(s, q) ?? subscriptable(s, q) ?? simpleTerm(s, q));
    return st.named('arrayjoin_list', p, () => commaList(st, p, entry, true));
  });
}

// ---- WHERE / HAVING / ORDER BY / LIMIT ----------------------------------------------------------

function conditionClause(st: GrammarState, pos: number, rule: string, word: string): Res<Expression> {
  return st.named(rule, pos, () => {
    const p = keyword(st, pos, word);
    return p < 0 ? null : orExpression(st, p);
  });
}

function orderByClause(st: GrammarState, pos: number): Res<OrderBy[]> {
  return st.named('order_by_clause', pos, () => {
    const p = keyword(st, pos, 'ORDER BY');
    if (p < 0) return null;
    return st.named('order_list', p, () => commaList(st, p, orderItem, true));
  });
}

/** `low_pri_arithmetic space+ ("ASC" / "DESC")`: the direction is mandatory. */
function orderItem(st: GrammarState, pos: number): Res<OrderBy> {
  const e = lowPriArithmetic(st, pos);
  if (!e) return null;
  const s = st.spaces1(e.end);
  if (s < 0) return null;
  for (const direction of ['ASC', 'DESC'] as const) {
    const end = st.literal(s, direction);
    if (end >= 0)
      return { end, value: { expression: e.value, direction, span: st.span(e.value.span.offset, end) } };
  }
  return null;
}

function limitByClause(st: GrammarState, pos: number): Res<LimitBy> {
  return st.named('limit_by_clause', pos, () => {
    let p = keyword(st, pos, 'LIMIT');
    if (p < 0) return null;
    const n = integerLiteral(st, p);
    if (!n) return null;
    p = keyword(st, n.end, 'BY');
    if (p < 0) return null;
    const columns = st.named('limit_by_columns', p, () => commaList<Column>(st, p, columnName, true));
    if (!columns) return null;
    const span = st.span(st.spaces(pos), columns.end);
    return { end: columns.end, value: { limit: n.value, columns: columns.value, span } };
  });
}

function intClause(st: GrammarState, pos: number, rule: string, word: string): Res<IntClause> {
  return st.named(rule, pos, () => {
    const p = keyword(st, pos, word);
    if (p < 0) return null;
    const n = integerLiteral(st, p);
    return n ? { end: n.end, value: { value: n.value, span: st.span(p, n.end) } } : null;
  });
}

function totalsClause(st: GrammarState, pos: number): Res<boolean> {
  return st.named('totals_clause', pos, () => {
    const p = keyword(st, pos, 'TOTALS');
    return p < 0 ? null : booleanLiteral(st, p);
  });
}
