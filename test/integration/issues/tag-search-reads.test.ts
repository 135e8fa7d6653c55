import { afterAll, beforeAll, expect, it } from 'vitest';
import { indexWhere } from '../../../src-main/core/issues/queries/index-conditions.ts';
import { writeErrorsBatch } from '../../../src-main/core/store/duckdb/errors_writer.ts';
import type { EventIndex } from '../../../src-main/core/store/duckdb/open_event_index.ts';
import { errorsRowOf, openTempEventIndex } from '../../support/event-index.ts';

const TAGS: Array<Record<string, string>> = [
  { region: 'eu-west-1', 'a=b': 'c', plan: 'pro' },
  { region: 'us-east-1', 'back\\slash': 'x=y', plan: '' },
  { region: 'eu-west-1=', a: 'b=c', ümlaut: 'wert' },
  {},
];
const SEARCHES: Array<[string, string]> = [
  ['region', 'eu-west-1'],
  ['region', 'us-east-1'],
  ['region', 'eu-west-1='],
  ['a=b', 'c'],
  ['a', 'b=c'],
  ['back\\slash', 'x=y'],
  ['ümlaut', 'wert'],
  ['plan', 'pro'],
  ['plan', 'free'],
  ['environment', 'production'],
  ['level', 'error'],
];

let index: EventIndex;

beforeAll(async () => {
  index = await openTempEventIndex();
  const rows = TAGS.map((tags, i) =>
    errorsRowOf(
      {
        event_id: (i + 1).toString(16).padStart(32, '0'),
        message: `event ${i}`,
        environment: 'production',
        level: i % 2 === 0 ? 'error' : 'warning',
        tags,
      },
      i + 1,
    ),
  );
  expect(await writeErrorsBatch(index, rows)).toMatchObject({ written: rows.length });
});

afterAll(() => index.close());

async function run(sql: string, params: Record<string, string | number> = {}): Promise<unknown[][]> {
  const conn = await index.connect();
  try {
    return (await conn.runAndReadAll(sql, params)).getRowsJS();
  } finally {
    conn.closeSync();
  }
}

it('matches exactly the events whose tag has the value, negated too', async () => {
  for (const [key, value] of SEARCHES) {
    for (const negated of [false, true]) {
      const where = indexWhere(1, null, [{ kind: 'tag', negated, key, values: [value] }]);
      const found = await run(
        `SELECT group_id FROM errors WHERE ${where.sql} ORDER BY group_id`,
        where.params,
      );
      const byValue = await run(
        `SELECT group_id FROM errors
         WHERE ${negated ? 'NOT' : ''} coalesce("tags.value"[list_position("tags.key", $key)], '') = $value
         ORDER BY group_id`,
        { key, value },
      );
      expect({ key, value, negated, found }).toEqual({ key, value, negated, found: byValue });
    }
  }
  // The lookups above find something: the test compares matches, not two empty lists.
  const where = indexWhere(1, null, [{ kind: 'tag', negated: false, key: 'a=b', values: ['c'] }]);
  expect(await run(`SELECT group_id FROM errors WHERE ${where.sql}`, where.params)).toEqual([[1n]]);
});

it("reads the tags' hashes, not their keys and values", async () => {
  const where = indexWhere(1, Date.now() - 86_400_000, [
    { kind: 'tag', negated: false, key: 'region', values: ['eu-west-1', 'us-east-1'] },
    { kind: 'tag', negated: true, key: 'plan', values: ['pro'] },
  ]);
  const plan = (await run(`EXPLAIN SELECT DISTINCT group_id FROM errors WHERE ${where.sql}`, where.params))
    .map((row) => String(row[1]))
    .join('\n');
  expect(plan).toContain('_tags_hash_map');
  expect(plan).not.toMatch(/tags\.(key|value)/);
});
