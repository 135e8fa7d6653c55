/**
 * The names Sentry's issue search gives its issue keys (`issue_search_config`): `first_seen`,
 * `last_seen` and `first_release` with their aliases, `status:`/`substatus:`, `issue.priority`, and
 * the keys about people (`is:assigned`, `assigned:`, `bookmarks:` …), which no issue here has.
 * Before, most of these were read as tags that no event carries: every search found nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { sendWithSdk } from '../../e2e/fixtures/send.ts';
import { callApi, startCore } from '../../support/core.ts';

let core: Core;

async function titles(query: string): Promise<string[]> {
  const list = await callApi(core, 'issues.list', { projectId: 1, query, period: '30d' });
  return list.issues.map((issue) => issue.title.split(':')[0] ?? '').sort();
}

const ALL = ['DeployNote', 'InventoryMissing', 'PaymentDeclined'];

beforeAll(async () => {
  core = await startCore();
  const dsn = core.ctx.projects.defaultDsn(1) ?? '';
  await sendWithSdk(dsn, {
    release: 'shop@1.0.0',
    errors: [
      { name: 'PaymentDeclined', message: 'card declined', minutesAgo: 3 * 60 },
      { name: 'DeployNote', message: 'shop@1.0.0 is out', level: 'info', minutesAgo: 3 * 60 },
    ],
  });
  await sendWithSdk(dsn, {
    release: 'shop@1.1.0',
    errors: [{ name: 'InventoryMissing', message: 'sku 12 gone', level: 'warning' }],
  });
  await core.ctx.pipeline.call('pipeline.drain', {});
  const payment = (await callApi(core, 'issues.list', { projectId: 1, query: 'PaymentDeclined' })).issues[0];
  await callApi(core, 'issues.update', {
    projectId: 1,
    groupIds: [payment?.id ?? 0],
    update: { status: 'resolved' },
  });
}, 60_000);
afterAll(() => core?.close());

describe("Sentry's issue keys by their own names", () => {
  it('first_seen and last_seen compare dates, as firstSeen, lastSeen and age do', async () => {
    expect(await titles('first_seen:-1h')).toEqual(['InventoryMissing']);
    expect(await titles('first_seen:+1h')).toEqual(['DeployNote', 'PaymentDeclined']);
    expect(await titles('age:-1h')).toEqual(['InventoryMissing']);
    expect(await titles('last_seen:-1h')).toEqual(['InventoryMissing']);
    expect(await titles('lastSeen:+1h')).toEqual(['DeployNote', 'PaymentDeclined']);
  });

  it('first_release (firstRelease, first-release) is the release of the first event; latest too', async () => {
    expect(await titles('first_release:shop@1.0.0')).toEqual(['DeployNote', 'PaymentDeclined']);
    expect(await titles('firstRelease:shop@1.1.0')).toEqual(['InventoryMissing']);
    expect(await titles('first-release:[shop@1.1.0, shop@9]')).toEqual(['InventoryMissing']);
    expect(await titles('first_release:latest')).toEqual(['InventoryMissing']);
    expect(await titles('!first_release:latest')).toEqual(['DeployNote', 'PaymentDeclined']);
    expect(await titles('first_release:nope')).toEqual([]);
  });

  it('status: and substatus: are the is: filters', async () => {
    expect(await titles('status:resolved')).toEqual(['PaymentDeclined']);
    expect(await titles('!status:resolved')).toEqual(['DeployNote', 'InventoryMissing']);
    expect(await titles('substatus:new')).toEqual(['DeployNote', 'InventoryMissing']);
    await expect(titles('status:new')).rejects.toThrow(/Invalid status 'new'/);
  });

  it('issue.priority follows the level: error high, warning medium, info low', async () => {
    expect(await titles('issue.priority:high')).toEqual(['PaymentDeclined']);
    expect(await titles('issue.priority:[high, medium]')).toEqual(['InventoryMissing', 'PaymentDeclined']);
    expect(await titles('!issue.priority:low')).toEqual(['InventoryMissing', 'PaymentDeclined']);
    await expect(titles('issue.priority:urgent')).rejects.toThrow(/Invalid priority 'urgent'/);
  });

  it('no issue is assigned, bookmarked, subscribed to or linked: is:unassigned and assigned:none find all', async () => {
    expect(await titles('is:unassigned')).toEqual(ALL);
    expect(await titles('is:assigned')).toEqual([]);
    expect(await titles('assigned:none')).toEqual(ALL);
    expect(await titles('assigned:[me, none]')).toEqual(ALL);
    expect(await titles('assigned:me')).toEqual([]);
    expect(await titles('!assigned:me')).toEqual(ALL);
    expect(await titles('assigned_or_suggested:#backend')).toEqual([]);
    expect(await titles('bookmarks:me')).toEqual([]);
    expect(await titles('subscribed:me')).toEqual([]);
    expect(await titles('is:unlinked')).toEqual(ALL);
    expect(await titles('is:linked')).toEqual([]);
  });

  it('is:for_review holds the unresolved issues that are new', async () => {
    expect(await titles('is:for_review')).toEqual(['DeployNote', 'InventoryMissing']);
  });

  it('unquoted words are one phrase: 12 sku is not sku 12', async () => {
    expect(await titles('sku 12')).toEqual(['InventoryMissing']);
    expect(await titles('12 sku')).toEqual([]);
    expect(await titles('12 is:unresolved sku')).toEqual(['InventoryMissing']);
  });
});
