// The data categories the rate limit form and API accept are the ones ingest counts items in.
import { describe, expect, it } from 'vitest';
import { itemQuantities } from '../../../src-main/core/ingest/item-types.ts';
import { RATE_LIMIT_CATEGORIES } from '../../../src-shared/rate-limit-api.ts';

const ITEM_TYPES = [
  'event',
  'unreal_report',
  'transaction',
  'security',
  'raw_security',
  'attachment',
  'session',
  'sessions',
  'feedback',
  'user_report',
  'check_in',
  'profile',
  'replay_event',
  'replay_recording',
  'replay_video',
  'log',
  'otel_log',
  'trace_metric',
  'span',
  'otel_span',
];

describe('rate limit categories', () => {
  it('name every data category an envelope item counts in, and nothing else', () => {
    const counted = new Set<string>();
    const items = [
      ...ITEM_TYPES.map((type) => ({ headers: { type }, payload: Buffer.from('{}') })),
      { headers: { type: 'profile_chunk', platform: 'python' }, payload: Buffer.from('{}') },
      { headers: { type: 'profile_chunk', platform: 'javascript' }, payload: Buffer.from('{}') },
    ];
    for (const item of items) for (const { category } of itemQuantities(item)) counted.add(category);
    expect([...counted].sort()).toEqual([...RATE_LIMIT_CATEGORIES].sort());
  });
});
