/**
 * Profile items read as Relay reads them: a v1 profile Python's SDK sent with its transaction and a
 * v2 chunk `@sentry/profiling-node` sent (both captured, see fixtures/README.md), and what Relay
 * refuses refused with its discard reason and a message saying where.
 */
import { describe, expect, it } from 'vitest';
import { decodeProfile, ProfileError, profileItemRefusal } from '../../../src-main/core/profiles/decode.ts';
import {
  profileAssociation,
  profileItemId,
  profileTraceId,
} from '../../../src-main/core/profiles/item-keys.ts';
import type { Json } from '../../../src-main/core/store/item-json.ts';
import { nodeChunk, pythonProfile } from './fixtures.ts';

function refusal(type: string, json: Json): ProfileError {
  try {
    decodeProfile(type, json);
  } catch (error) {
    if (error instanceof ProfileError) return error;
    throw error;
  }
  throw new Error('the profile was read');
}

describe('a v1 profile (Python sentry-sdk 1.9.10)', () => {
  it("is read with its transaction, frames under Relay's aliases, samples in milliseconds since it started", () => {
    const json = pythonProfile();
    const profile = decodeProfile('profile', json);
    const transaction = (json.transactions as Json[])[0] as Json;
    expect(profile.version).toBe('1');
    expect(profile.platform).toBe('python');
    expect(profile.id).toBe(json.event_id);
    expect(profile.transaction).toMatchObject({
      id: transaction.id,
      name: 'generic WSGI request',
      traceId: transaction.trace_id,
      activeThreadId: transaction.active_thread_id,
      relativeStartMs: 0,
      relativeEndMs: Number(transaction.relative_end_ns) / 1e6,
    });
    const busy = profile.frames.find((frame) => frame.name === 'busy_checkout');
    expect(busy).toMatchObject({ line: expect.any(Number), inApp: true });
    expect(busy?.file).toMatch(/cap\.py$/);
    // The SDK's own frames (dist-packages) and the interpreter's are not the app's.
    const library = profile.frames.filter(
      (frame) => frame.file?.includes('-packages/') || frame.file?.startsWith('/usr/lib/python3.'),
    );
    expect(library.length).toBeGreaterThan(0);
    for (const frame of library) expect(frame.inApp).toBe(false);
    expect(profile.samples.length).toBe((json.profile as { samples: unknown[] }).samples.length);
    for (const sample of profile.samples)
      expect(sample.at).toBeLessThanOrEqual(profile.transaction?.relativeEndMs ?? 0);
  });

  it("keeps its transaction's event id and trace id and its own id for the index columns", () => {
    const json = pythonProfile();
    const transaction = (json.transactions as Json[])[0] as Json;
    expect(profileAssociation('profile', json)).toBe(transaction.id);
    expect(profileTraceId(json)).toBe(transaction.trace_id);
    expect(profileItemId('profile', json)).toBe(json.event_id);
  });

  it('drops the samples outside its transaction, as Relay does', () => {
    const json = pythonProfile();
    const transaction = (json.transactions as Json[])[0] as Json;
    transaction.relative_end_ns = '50000000';
    const profile = decodeProfile('profile', json);
    const all = (json.profile as { samples: Array<{ elapsed_since_start_ns: string }> }).samples;
    expect(profile.samples.length).toBe(all.filter((s) => Number(s.elapsed_since_start_ns) <= 50e6).length);
    expect(profile.samples.length).toBeLessThan(all.length);
  });
});

describe('a v2 chunk (@sentry/profiling-node 11.1.0)', () => {
  it('is read with its profiler and chunk ids, samples at their time since the epoch, threads named', () => {
    const json = nodeChunk();
    const profile = decodeProfile('profile_chunk', json);
    expect(profile.version).toBe('2');
    expect(profile.platform).toBe('node');
    expect(profile.profilerId).toBe(json.profiler_id);
    expect(profile.id).toBe(json.chunk_id);
    const first = (json.profile as { samples: Array<{ timestamp: number }> }).samples[0];
    expect(profile.samples[0]?.at).toBe((first?.timestamp ?? 0) * 1000);
    expect(profile.threadNames.get('0')).toBe('main');
    const busy = profile.frames.find((frame) => frame.name === 'busyCheckout');
    expect(busy).toMatchObject({ inApp: true, line: 14 });
    const sdk = profile.frames.find((frame) => frame.file?.includes('/node_modules/@sentry/'));
    expect(sdk?.inApp).toBe(false);
    expect(profile.frames.some((frame) => frame.name === '<anonymous>')).toBe(true);
    expect(profileAssociation('profile_chunk', json)).toBe(json.profiler_id);
    expect(profileItemId('profile_chunk', json)).toBe(json.chunk_id);
  });
});

describe('a profile Relay refuses', () => {
  it('a sample naming a stack the profile does not have: profiling_malformed_samples, saying which', () => {
    const json = nodeChunk();
    const samples = (json.profile as { samples: Array<{ stack_id: number }> }).samples;
    (samples[3] as { stack_id: number }).stack_id = 9999;
    const error = refusal('profile_chunk', json);
    expect(error.reason).toBe('profiling_malformed_samples');
    expect(error.message).toMatch(/profile\.samples\[3\] names stack 9999; the profile has \d+ stacks/);
    expect(profileItemRefusal('profile_chunk', json)).toBe('profiling_malformed_samples');
  });

  it('a stack naming a frame the profile does not have: profiling_malformed_stacks', () => {
    const json = pythonProfile();
    (json.profile as { stacks: number[][] }).stacks[1]?.push(500);
    const error = refusal('profile', json);
    expect(error.reason).toBe('profiling_malformed_stacks');
    expect(error.message).toMatch(/profile\.stacks\[1\]\[\d+\] names frame 500; the profile has 10 frames/);
  });

  it('a v1 profile without a transaction, or with a transaction that ends before it starts', () => {
    const json = pythonProfile();
    delete json.transactions;
    expect(refusal('profile', json).reason).toBe('profiling_no_transaction_associated');
    const backwards = pythonProfile();
    const transaction = (backwards.transactions as Json[])[0] as Json;
    transaction.relative_start_ns = transaction.relative_end_ns;
    expect(refusal('profile', backwards).reason).toBe('profiling_invalid_transaction_metadata');
  });

  it('no samples, a payload that is no profile, a chunk without its profiler id', () => {
    const empty = nodeChunk();
    (empty.profile as { samples: unknown[] }).samples = [];
    expect(refusal('profile_chunk', empty).reason).toBe('profiling_not_enough_samples');
    const notAList = nodeChunk();
    (notAList.profile as { frames: unknown }).frames = 'frames';
    expect(refusal('profile_chunk', notAList).message).toContain('profile.frames is not a list');
    const anonymous = nodeChunk();
    delete anonymous.profiler_id;
    expect(refusal('profile_chunk', anonymous).message).toContain('profiler_id is missing');
    expect(profileItemRefusal('profile', undefined)).toBe('profiling_invalid_json');
  });

  it('a profile of a format Faultline does not read is kept (not refused) but cannot be shown', () => {
    const legacy: Json = { platform: 'android', sampled_profile: 'AAAA' };
    expect(profileItemRefusal('profile', legacy)).toBeUndefined();
    expect(refusal('profile', legacy).reason).toBe('profiling_platform_not_supported');
  });
});
