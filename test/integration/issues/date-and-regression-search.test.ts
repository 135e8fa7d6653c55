/**
 * Sentry's `date:` / `event.timestamp:` / `timestamp:` and `regressed_in_release:` in the issue search,
 * against a real core fed by the real @sentry/node SDK. The date keys are not tags: they bound the time
 * of the events an issue is found and sorted by (the counts shown stay the period's), and a window with
 * no time in it finds nothing. `regressed_in_release:` finds the issues an event of the release regressed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import type { IssueSort } from '../../../src-shared/issues-api.ts';
import { type SenderSpec, sendWithSdk } from '../../e2e/fixtures/send.ts';
import { callApi, startCore } from '../../support/core.ts';

let sent = 0;
const error = (name: string, minutesAgo = 0): SenderSpec['errors'][number] => ({
  name,
  message: `${name} ${++sent}`,
  ...(minutesAgo ? { minutesAgo } : {}),
});
const TWO_DAYS = 2 * 24 * 60;

let core: Core;
const list = async (query: string, sort: IssueSort = 'date') =>
  (await callApi(core, 'issues.list', { projectId: 1, query, sort, period: '30d' })).issues;
const names = async (query: string, sort: IssueSort = 'date') =>
  (await list(query, sort)).map((issue) => issue.title.split(':')[0]);

beforeAll(async () => {
  core = await startCore();
  const dsn = core.ctx.projects.defaultDsn(1) ?? '';
  // OldError: four events two days ago and one now; NewError: two now, then resolved and regressed by 2.0.0.
  await sendWithSdk(dsn, {
    release: 'shop@1.0.0',
    errors: [
      ...Array.from({ length: 4 }, () => error('OldError', TWO_DAYS)),
      error('OldError'),
      error('NewError'),
      error('NewError'),
    ],
  });
  await core.ctx.pipeline.call('pipeline.drain', {});
  const newError = (await list('NewError'))[0];
  await callApi(core, 'issues.update', {
    projectId: 1,
    groupIds: [newError?.id ?? 0],
    update: { status: 'resolved' },
  });
  await sendWithSdk(dsn, { release: 'shop@2.0.0', errors: [error('NewError')] });
  await core.ctx.pipeline.call('pipeline.drain', {});
}, 60_000);
afterAll(() => core?.close());

describe('date: and event.timestamp: in the issue search', () => {
  it('find the issues with events in the time given, sorted by those events; the counts stay the period', async () => {
    expect(await names('', 'freq')).toEqual(['OldError', 'NewError']);
    expect(await names('date:-24h', 'freq')).toEqual(['NewError', 'OldError']);
    const old = (await list('date:-24h')).find((issue) => issue.title.startsWith('OldError'));
    expect({ count: old?.count, filtered: old?.filtered }).toEqual({ count: 5, filtered: null });

    const dayAgo = new Date(Date.now() - 24 * 3_600_000).toISOString();
    expect(await names(`event.timestamp:<${dayAgo}`)).toEqual(['OldError']);
    expect(await names(`timestamp:<${dayAgo}`)).toEqual(['OldError']);
    expect(await names(`date:+1d is:unresolved`)).toEqual(['OldError']);
  });

  it('finds nothing when the bounds leave no time', async () => {
    expect(await names('date:+1h date:-1h')).toEqual([]);
  });
});

describe('regressed_in_release: in the issue search', () => {
  it('finds the issues an event of the release regressed; latest and negation too', async () => {
    expect(await names('regressed_in_release:shop@2.0.0')).toEqual(['NewError']);
    expect(await names('regressed_in_release:latest')).toEqual(['NewError']);
    expect(await names('regressed_in_release:shop@1.0.0')).toEqual([]);
    expect(await names('!regressed_in_release:shop@2.0.0')).toEqual(['OldError']);
  });
});
