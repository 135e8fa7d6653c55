/**
 * Free text in the issue search (and `message:`) is a case-insensitive substring of the event's search
 * message, a `*` in it a wildcard and nothing else special. Without a `*` it runs as `contains` of the
 * lowered strings: DuckDB's ILIKE took ~5× as long over 200k messages (the issue list's free-text
 * search, ~0.9 s a page).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { indexWhere } from '../../../src-main/core/issues/queries/index-conditions.ts';
import { writeErrorsBatch } from '../../../src-main/core/store/duckdb/errors_writer.ts';
import type { EventIndex } from '../../../src-main/core/store/duckdb/open_event_index.ts';
import { errorsRowOf, openTempEventIndex } from '../../support/event-index.ts';

const MESSAGES = [
  'Checkout failed for ORDER 42',
  'Größe überschritten in ÜBERSICHT',
  '100% done_now with C:\\temp\\file',
  'checkout-service timed out',
  'Payment declined',
];

let index: EventIndex;

beforeAll(async () => {
  index = await openTempEventIndex();
  const rows = MESSAGES.map((message, i) =>
    errorsRowOf({ event_id: (i + 1).toString(16).padStart(32, '0'), message }, i + 1),
  );
  expect(await writeErrorsBatch(index, rows)).toMatchObject({ written: rows.length });
});

afterAll(() => index.close());

/** The messages the index finds for free text `text`, and for `message:text`. */
async function found(text: string): Promise<{ free: string[]; key: string[]; sql: string }> {
  const conn = await index.connect();
  try {
    const read = async (where: { sql: string; params: Record<string, string | number> }) =>
      (
        await conn.runAndReadAll(
          `SELECT group_id FROM errors WHERE ${where.sql} ORDER BY group_id`,
          where.params,
        )
      )
        .getRowsJS()
        .map(([group]) => MESSAGES[Number(group) - 1] ?? '');
    const free = indexWhere(1, null, [{ kind: 'text', text }]);
    const key = indexWhere(1, null, [{ kind: 'tag', negated: false, key: 'message', values: [text] }]);
    return { free: await read(free), key: await read(key), sql: free.sql };
  } finally {
    conn.closeSync();
  }
}

/** What the search should find: `*` any run of characters, the rest as written, any case. */
function expected(text: string): string[] {
  const pattern = text
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const matcher = new RegExp(pattern, 'iu');
  return MESSAGES.filter((message) => matcher.test(message));
}

it('matches a substring in any case, non-ASCII letters too, and LIKE metacharacters as written', async () => {
  for (const text of [
    'checkout',
    'CHECKOUT',
    'order 4',
    'grösse',
    'übersicht',
    '100%',
    'done_now',
    '_',
    '%',
    'c:\\temp',
    'nothing',
  ]) {
    const { free, key, sql } = await found(text);
    expect(free, text).toEqual(expected(text));
    expect(key, `message:${text}`).toEqual(expected(text));
    expect(sql).toContain('contains(lower(message)');
  }
});

it('reads a * as a wildcard, escaping only when the text has LIKE metacharacters', async () => {
  for (const text of ['check*out', 'c*k*o*t', 'größe*übersicht', '100%*file', 'done_*temp', '*']) {
    const { free, key, sql } = await found(text);
    expect(free, text).toEqual(expected(text));
    expect(key, `message:${text}`).toEqual(expected(text));
    expect(sql.includes('ESCAPE')).toBe(/[%_\\]/.test(text));
  }
});
