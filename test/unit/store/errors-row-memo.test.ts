/**
 * The errors row's remembered answers and fast paths give what computing afresh gives: tag and
 * flag pair hashes past the memo's bound and across keys, the SDK's integration names, and the
 * tags Sentry derives set over the SDK's.
 */
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-main/core/pipeline/normalize/json.ts';
import { eventToErrorsRow } from '../../../src-main/core/store/duckdb/errors_row.ts';
import { fnv1a64, tagHashText } from '../../../src-main/core/store/duckdb/hash.ts';
import { materializeTags } from '../../../src-main/core/store/duckdb/sentry_tags.ts';

const receivedAt = new Date('2026-01-02T03:04:05Z');

function rowOf(event: JsonObject) {
  return eventToErrorsRow(
    { event_id: 'ab'.repeat(16), platform: 'javascript', ...event },
    { projectId: 1, groupId: 1, primaryHash: 'cd'.repeat(16), receivedAt },
  );
}

const direct = (keys: string[], values: string[]) =>
  keys.map((key, i) => fnv1a64(tagHashText(key, values[i] ?? '')));

describe('errors row memo and fast paths', () => {
  it('hashes every tag and flag pair as its key=value text, past the memo bound, one value under many keys', () => {
    for (let n = 0; n < 5_000; n++) {
      const row = rowOf({
        tags: [
          [`key${n % 7}`, `value ${n}`],
          ['a=b\\c', 'same'],
          ['same', 'same'],
          ['other', `value ${n}`],
          ['é', `ü ${n % 3}`],
        ],
        contexts: {
          flags: {
            values: [
              { flag: 'f=1', result: n % 2 === 0 },
              { flag: `f${n}`, result: 'same' },
            ],
          },
        },
      });
      expect(row._tags_hash_map).toEqual(direct(row['tags.key'], row['tags.value']));
      expect(row._flags_hash_map).toEqual(direct(row['flags.key'], row['flags.value']));
    }
    // The same pair under swapped key and value is another text, so another hash.
    const swapped = rowOf({ tags: [['x', 'y']] })._tags_hash_map[0];
    expect(rowOf({ tags: [['y', 'x']] })._tags_hash_map[0]).not.toBe(swapped);
  });

  it("keeps the SDK's integration names that are strings, in a list of the row's own", () => {
    const names = ['InboundFilters', 'FunctionToString', 'Http'];
    const event = { sdk: { name: 'sentry.javascript.node', integrations: names } };
    const row = rowOf(event);
    expect(row.sdk_integrations).toEqual(names);
    expect(row.sdk_integrations).not.toBe(names);
    row.sdk_integrations.push('Changed');
    expect(names).toHaveLength(3);
    const mixed = rowOf({ sdk: { integrations: ['A', 1, null, { name: 'B' }, 'C', true] } });
    expect(mixed.sdk_integrations).toEqual(['A', 'C']);
    expect(rowOf({ sdk: { name: 'x' } }).sdk_integrations).toEqual([]);
  });

  it("sets the derived tags over the SDK's, and leaves the SDK's where a derived one has no value", () => {
    const tags = materializeTags({
      tags: [
        ['browser', 'sdk browser'],
        ['os', 'sdk os'],
        ['mechanism', 'sdk mechanism'],
        ['handled', 'maybe'],
        ['level', 'sdk level'],
        ['sentry:dist', 'sdk dist'],
      ],
      level: 'error',
      dist: 'not without a release',
      contexts: { browser: { name: 'Chrome', version: 120 }, os: { name: '  ', version: ' ' } },
      exception: {
        values: [{ mechanism: { type: 'first' } }, { mechanism: { type: 'onerror', handled: false } }],
      },
    });
    expect(Object.fromEntries(tags)).toEqual({
      browser: 'Chrome 120',
      'browser.name': 'Chrome',
      os: 'sdk os',
      mechanism: 'onerror',
      handled: 'no',
      level: 'error',
      'sentry:dist': 'sdk dist',
    });
    expect([...tags.keys()]).toEqual([
      'browser',
      'os',
      'mechanism',
      'handled',
      'level',
      'sentry:dist',
      'browser.name',
    ]);
  });
});
