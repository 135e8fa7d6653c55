import { describe, expect, it } from 'vitest';
import { itemQuantities } from '../../../src-main/core/ingest/item-types.ts';
import { OutcomeStore } from '../../../src-main/core/store/outcomes.ts';
import { openSqlite } from '../../../src-main/core/store/sqlite.ts';
import { tempDir } from '../../support/serve.ts';

const HOUR = 3_600_000;
const t0 = Date.UTC(2026, 0, 1, 10, 15);

describe('OutcomeStore', () => {
  it('sums quantities of the same bucket, keeps different reasons and hours apart, and persists', () => {
    const dir = tempDir('faultline-outcomes-');
    const db = openSqlite(dir);
    const store = new OutcomeStore(db);
    const base = { projectId: 1, outcome: 'invalid' as const, category: 'error', quantity: 1 };
    store.record({ ...base, reason: 'too_large:event', timestamp: t0 });
    store.record({ ...base, reason: 'too_large:event', timestamp: t0 + 10 * 60_000, quantity: 2 });
    store.record({ ...base, reason: 'invalid_envelope', timestamp: t0 });
    store.record({ ...base, reason: 'too_large:event', timestamp: t0 + HOUR });
    store.record({ ...base, outcome: 'client_discard', reason: 'before_send', projectId: 2, timestamp: t0 });
    store.close();
    db.close();

    const reopened = openSqlite(dir);
    const rows = new OutcomeStore(reopened).list({ projectId: 1 });
    expect(rows).toEqual([
      {
        projectId: 1,
        hour: '2026-01-01T10:00:00.000Z',
        category: 'error',
        outcome: 'invalid',
        reason: 'invalid_envelope',
        quantity: 1,
      },
      {
        projectId: 1,
        hour: '2026-01-01T10:00:00.000Z',
        category: 'error',
        outcome: 'invalid',
        reason: 'too_large:event',
        quantity: 3,
      },
      {
        projectId: 1,
        hour: '2026-01-01T11:00:00.000Z',
        category: 'error',
        outcome: 'invalid',
        reason: 'too_large:event',
        quantity: 1,
      },
    ]);
    const store2 = new OutcomeStore(reopened);
    expect(store2.list({ since: new Date(t0 + HOUR).toISOString() }).map((row) => row.hour)).toEqual([
      '2026-01-01T11:00:00.000Z',
    ]);
    // A bucket counts when any of its hour overlaps [since, until).
    const early = store2.list({ until: t0 + HOUR - 15 * 60_000 }).map((row) => row.hour);
    expect(new Set(early)).toEqual(new Set(['2026-01-01T10:00:00.000Z']));
    expect(store2.list({ projectId: 2 })).toEqual([
      expect.objectContaining({ outcome: 'client_discard', reason: 'before_send' }),
    ]);
    reopened.close();
  });
});

describe('item quantities (Relay’s Item::quantities)', () => {
  const item = (headers: Record<string, unknown>, payload = '') => ({
    headers: { ...headers },
    payload: Buffer.from(payload),
  });

  it('counts an empty attachment as one byte and one attachment item', () => {
    expect(itemQuantities(item({ type: 'attachment', filename: 'empty.txt' }))).toEqual([
      { category: 'attachment', quantity: 1 },
      { category: 'attachment_item', quantity: 1 },
    ]);
  });

  it('counts user reports and feedback as `feedback`, the name of DataCategory::UserReportV2', () => {
    expect(itemQuantities(item({ type: 'user_report' }, '{}'))).toEqual([
      { category: 'feedback', quantity: 1 },
    ]);
    expect(itemQuantities(item({ type: 'feedback' }, '{}'))).toEqual([{ category: 'feedback', quantity: 1 }]);
  });

  it('counts profile chunks of cocoa, android and javascript as UI profiling, others as backend, none without a platform', () => {
    expect(itemQuantities(item({ type: 'profile_chunk', platform: 'android' }))).toEqual([
      { category: 'profile_chunk_ui', quantity: 1 },
    ]);
    expect(itemQuantities(item({ type: 'profile_chunk', platform: 'node' }))).toEqual([
      { category: 'profile_chunk', quantity: 1 },
    ]);
    expect(itemQuantities(item({ type: 'profile_chunk' }))).toEqual([]);
  });

  it('counts a transaction’s own span and child spans as spans (span_count when set), and no indexed copies', () => {
    const transaction = JSON.stringify({ type: 'transaction', spans: [{}, {}, {}] });
    expect(itemQuantities(item({ type: 'transaction' }, transaction))).toEqual([
      { category: 'transaction', quantity: 1 },
      { category: 'span', quantity: 4 },
    ]);
    expect(itemQuantities(item({ type: 'transaction', span_count: 9 }, transaction))).toContainEqual({
      category: 'span',
      quantity: 10,
    });
    expect(itemQuantities(item({ type: 'transaction' }, 'not json'))).toContainEqual({
      category: 'span',
      quantity: 1,
    });
    expect(itemQuantities(item({ type: 'transaction', spans_extracted: true }, transaction))).toEqual([
      { category: 'transaction', quantity: 1 },
    ]);
  });

  it('ignores item_count on items that cannot be containers', () => {
    expect(itemQuantities(item({ type: 'event', item_count: 50 }, '{}'))).toEqual([
      { category: 'error', quantity: 1 },
    ]);
    expect(itemQuantities(item({ type: 'check_in', item_count: 3 }, '{}'))).toEqual([
      { category: 'monitor', quantity: 3 },
    ]);
  });

  it('gives legacy metrics and client reports no category', () => {
    expect(itemQuantities(item({ type: 'statsd' }, 'a:1|c'))).toEqual([]);
    expect(itemQuantities(item({ type: 'client_report' }, '{}'))).toEqual([]);
  });
});
