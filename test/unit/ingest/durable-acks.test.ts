/**
 * The queue writer acknowledges a commit once an fsync of the WAL that started after it returned:
 * fsyncs overlap (at most two), replies keep commit order, and a later fsync that returns first
 * answers for the commits of the one still under way.
 */
import { expect, it } from 'vitest';
import type { FromWriter, WriteBatch } from '../../../src-main/core/store/queue-writer.ts';
import { DurableAcks } from '../../../src-main/core/store/queue-writer-thread.ts';

function harness() {
  const replies: FromWriter[] = [];
  const syncs: Array<(error: Error | null) => void> = [];
  let blockingSyncs = 0;
  const acks = new DurableAcks(
    { postMessage: (reply: FromWriter) => replies.push(reply) },
    {
      sync: (done) => syncs.push(done),
      syncNow: () => {
        blockingSyncs++;
      },
    },
  );
  const commit = (seq: number) =>
    acks.committed(
      [{ type: 'write', seq, meta: [], envelopes: [], returnEnvelopes: false } satisfies WriteBatch],
      [seq * 10],
      {
        depth: seq,
        bytes: seq * 100,
      },
    );
  const acked = () => replies.flatMap((reply) => (reply.type === 'committed' ? reply.seqs : []));
  return { acks, replies, syncs, commit, acked, blockingSyncs: () => blockingSyncs };
}

it('acknowledges nothing before an fsync started after the commit returns', () => {
  const { syncs, commit, acked, replies } = harness();
  commit(1);
  expect(syncs).toHaveLength(1);
  expect(acked()).toEqual([]);
  syncs[0]!(null);
  expect(replies).toEqual([{ type: 'committed', seqs: [1], ids: [10], depth: 1, bytes: 100 }]);
});

it('runs two fsyncs at once and waits with later commits for a free one, which covers them all', () => {
  const { syncs, commit, acked } = harness();
  commit(1);
  commit(2);
  commit(3);
  commit(4);
  // 1 and 2 each have their fsync; 3 and 4 wait for the next.
  expect(syncs).toHaveLength(2);
  syncs[0]!(null);
  expect(acked()).toEqual([1]);
  expect(syncs).toHaveLength(3);
  syncs[2]!(null);
  // The third fsync started after commits 2-4: they are all on disk, in order, in one reply.
  expect(acked()).toEqual([1, 2, 3, 4]);
  syncs[1]!(null);
  expect(acked()).toEqual([1, 2, 3, 4]);
});

it('fails the commits of an fsync that failed and acknowledges none of them', () => {
  const { syncs, commit, acked, replies } = harness();
  commit(1);
  syncs[0]!(new Error('EIO'));
  expect(acked()).toEqual([]);
  expect(replies).toEqual([
    { type: 'failed', seqs: [1], message: 'the ingest queue could not sync its commit to disk: EIO' },
  ]);
  commit(2);
  syncs[1]!(null);
  expect(acked()).toEqual([2]);
});

it('on close, syncs what is pending at once and answers for every commit, in order', () => {
  const { acks, syncs, commit, acked, blockingSyncs } = harness();
  commit(1);
  commit(2);
  commit(3);
  acks.finish();
  expect(blockingSyncs()).toBe(1);
  expect(acked()).toEqual([1, 2, 3]);
  // Fsyncs that return after closing change nothing.
  for (const done of syncs) done(null);
  expect(acked()).toEqual([1, 2, 3]);
});
