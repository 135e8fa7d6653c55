/**
 * The renderer's query cache under live updates, with react-query's real QueryClient (as the app
 * creates it) and a transport whose answers the test releases one by one: an event indexed while the
 * issue page's first tags request is under way must not leave the page on the answer read before it.
 */
import { QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { markStale } from '../../../src-renderer/api/live-updates.ts';
import { createQueryClient } from '../../../src-renderer/api/query-client.ts';
import { apiQueryOptions } from '../../../src-renderer/api/query-keys.ts';
import type { ApiMethod, ApiParams, ApiResult, ApiTransport } from '../../../src-shared/api.ts';
import type { TagDistribution } from '../../../src-shared/issues-api.ts';

/** A transport whose calls wait until the test answers them, in order. */
function heldTransport() {
  const calls: { method: ApiMethod; answer: (result: unknown) => void }[] = [];
  const transport: ApiTransport = {
    call<M extends ApiMethod>(method: M, _params: ApiParams<M>): Promise<ApiResult<M>> {
      return new Promise((resolve) => {
        calls.push({ method, answer: (result) => resolve(result as ApiResult<M>) });
      });
    },
    subscribe: () => () => undefined,
  };
  return { transport, calls };
}

const tags = (events: number): TagDistribution[] => [
  { key: 'browser', totalValues: events, uniqueValues: 1, topValues: [] },
];

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('live updates in the query cache', () => {
  it('an issues.changed while the tags are first fetched fetches them again: the answer read before it is not kept', async () => {
    const { transport, calls } = heldTransport();
    const client = createQueryClient();
    const observer = new QueryObserver(
      client,
      apiQueryOptions(transport, 'issues.tags', { groupId: 1, limit: 5 }),
    );
    const stop = observer.subscribe(() => undefined);
    expect(calls.map((call) => call.method)).toEqual(['issues.tags']);

    // The index gets the event while the page's first request is under way; that request read 3 events.
    markStale(client, { type: 'issues.changed', projectId: 1 });
    await settled();
    calls[0]?.answer(tags(3));
    await settled();

    expect(calls).toHaveLength(2);
    calls[1]?.answer(tags(4));
    await settled();
    expect(observer.getCurrentResult().data?.[0]?.totalValues).toBe(4);
    expect(observer.getCurrentResult().isStale).toBe(false);
    stop();
  });

  it('an issues.changed while shown tags are refetched fetches them again too', async () => {
    const { transport, calls } = heldTransport();
    const client = createQueryClient();
    const observer = new QueryObserver(
      client,
      apiQueryOptions(transport, 'issues.tags', { groupId: 1, limit: 5 }),
    );
    const stop = observer.subscribe(() => undefined);
    calls[0]?.answer(tags(2));
    await settled();
    markStale(client, { type: 'issues.changed', projectId: 1 });
    await settled();
    expect(calls).toHaveLength(2);
    markStale(client, { type: 'issues.changed', projectId: 1 });
    await settled();
    calls[1]?.answer(tags(3));
    calls[2]?.answer(tags(4));
    await settled();
    expect(observer.getCurrentResult().data?.[0]?.totalValues).toBe(4);
    stop();
  });
});

describe('items.changed', () => {
  it('makes stale the pages that show those item types, and only them', async () => {
    const { transport, calls } = heldTransport();
    const client = createQueryClient();
    const observe = <M extends ApiMethod>(method: M, params: ApiParams<M>) => {
      const observer = new QueryObserver(client, apiQueryOptions(transport, method, params));
      return observer.subscribe(() => undefined);
    };
    const stops = [
      observe('logs.list', { projectId: 1 }),
      observe('traces.list', { projectId: 1 }),
      observe('feedback.list', { projectId: 1 }),
      observe('crons.list', { projectId: 1 }),
    ];
    const answerAll = async () => {
      for (const call of calls.splice(0)) call.answer({});
      await settled();
    };
    await answerAll();

    markStale(client, { type: 'items.changed', projectId: 1, itemTypes: ['log', 'transaction'] });
    await settled();
    expect(calls.map((call) => call.method).sort()).toEqual(['logs.list', 'traces.list']);
    await answerAll();

    markStale(client, { type: 'items.changed', projectId: 1, itemTypes: ['user_report'] });
    await settled();
    expect(calls.map((call) => call.method)).toEqual(['feedback.list']);
    await answerAll();

    // A type no page shows (sessions are only counted) refetches nothing.
    markStale(client, { type: 'items.changed', projectId: 1, itemTypes: ['session'] });
    await settled();
    expect(calls).toEqual([]);
    for (const stop of stops) stop();
  });
});
