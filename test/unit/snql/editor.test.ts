import { describe, expect, it } from 'vitest';
import { completionContext } from '../../../src-shared/snql/completion.ts';
import { tokenize } from '../../../src-shared/snql/tokenize.ts';

const at = (text: string) => completionContext(text, text.length);

describe('tokenize', () => {
  it('classifies every piece of a query, with positions', () => {
    const text =
      'MATCH (e: events)\nSELECT count() AS `c`, e.tags[sentry:release] WHERE a = -1 AND b-1 IS NOT NULL ORDER BY c DESC';
    const tokens = tokenize(text);
    const kinds = (t: string) => tokens.filter((k) => k.text === t).map((k) => k.kind);
    expect(kinds('MATCH')).toEqual(['keyword']);
    expect(kinds('events')).toEqual(['entity']);
    expect(kinds('count')).toEqual(['function']);
    expect(kinds('`c`')).toEqual(['quoted_identifier']);
    expect(kinds('sentry:release')).toEqual(['tag_key']);
    expect(kinds('-1')).toEqual(['number']);
    expect(kinds('-')).toEqual(['operator']);
    expect(kinds('IS NOT NULL')).toEqual(['keyword']);
    expect(kinds('ORDER BY')).toEqual(['keyword']);
    const select = tokens.find((t) => t.text === 'SELECT');
    expect(select).toMatchObject({ offset: text.indexOf('SELECT'), line: 2, column: 1 });
    for (const t of tokens) expect(text.slice(t.offset, t.end)).toBe(t.text);
  });

  it('never throws on unfinished text', () => {
    expect(tokenize("MATCH (events) SELECT 'unterminated").at(-1)).toMatchObject({ kind: 'string' });
    expect(tokenize('MATCH (events) SELECT tags[').at(-1)).toMatchObject({ text: '[' });
  });
});

describe('completionContext', () => {
  it('expects MATCH first, then an entity, then SELECT', () => {
    expect(at('')).toMatchObject({ expects: ['keyword'], keywords: ['MATCH'] });
    expect(at('MATCH (ev')).toMatchObject({ expects: ['entity'], prefix: 'ev', replaceFrom: 7 });
    expect(at('MATCH (events) ')).toMatchObject({ expects: ['keyword'], keywords: ['SELECT'] });
  });

  it('expects columns and functions of the matched entity where an operand goes', () => {
    expect(at('MATCH (events) SELECT cou')).toMatchObject({
      expects: ['column', 'function'],
      prefix: 'cou',
      entity: 'events',
    });
    expect(at("MATCH (events) SELECT a WHERE a = 'x' AND ")).toMatchObject({
      expects: ['column', 'function'],
    });
  });

  it('expects operators and later clauses after an operand', () => {
    const ctx = at('MATCH (events) SELECT a WHERE level ');
    expect(ctx.expects).toEqual(['keyword']);
    expect(ctx.keywords).toEqual(expect.arrayContaining(['=', 'IN', 'AND', 'ORDER BY']));
    expect(at('MATCH (events) SELECT a ORDER BY a ').keywords).toEqual(['ASC', 'DESC']);
  });

  it('expects a tag key inside tags[ and a relationship after -[', () => {
    expect(at('MATCH (events) SELECT a BY tags[sen')).toMatchObject({
      expects: ['tag_key'],
      prefix: 'sen',
      subscriptable: 'tags',
    });
    expect(at('MATCH (e: events) -[')).toMatchObject({ expects: ['relationship'], entity: 'events' });
  });

  it("resolves a join alias to its entity's columns", () => {
    expect(at('MATCH (e: events) -[grouped]-> (g: groupedmessage) SELECT g.st')).toMatchObject({
      expects: ['column', 'function'],
      entity: 'groupedmessage',
      entityAlias: 'g',
    });
  });
});
