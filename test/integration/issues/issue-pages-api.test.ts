/**
 * The API behind the issue pages, against a real core fed by the real @sentry/node SDK: search,
 * sort and period of the list, status changes, the issue's events and tags, one event in full,
 * and its grouping info.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import type { ApiMethod, ApiParams } from '../../../src-shared/api.ts';
import { sendWithSdk } from '../../e2e/fixtures/send.ts';
import { callApi, startCore } from '../../support/core.ts';

let core: Core;
let dsn: string;
let sent: string[];

const call = <M extends ApiMethod>(method: M, params: ApiParams<M>) => callApi(core, method, params);

async function titles(query: string, sort: 'date' | 'new' | 'freq' | 'user' = 'date'): Promise<string[]> {
  const list = await call('issues.list', { projectId: 1, query, sort });
  return list.issues.map((issue) => issue.title);
}

beforeAll(async () => {
  core = await startCore();
  dsn = core.ctx.projects.defaultDsn(1) ?? '';
  sent = await sendWithSdk(dsn, {
    release: 'shop@1.0.0',
    environment: 'production',
    errors: [
      {
        name: 'PaymentDeclined',
        message: 'card declined',
        tags: { checkout_step: 'payment' },
        user: { id: '7', email: 'ada@example.com' },
        breadcrumbs: ['cart loaded', 'pay clicked'],
        request: {
          method: 'POST',
          url: 'http://shop.local/checkout?step=pay',
          headers: { 'user-agent': 'curl/8' },
        },
      },
      { name: 'PaymentDeclined', message: 'card declined again', user: { id: '8' } },
      { name: 'PaymentDeclined', message: 'card declined thrice', user: { id: '8' } },
      {
        name: 'InventoryMissing',
        message: 'sku 12 gone',
        level: 'warning',
        tags: { checkout_step: 'stock' },
      },
      { name: 'SlowDatabase', message: 'db slow', asMessage: true, level: 'info' },
    ],
  });
  await core.ctx.pipeline.call('pipeline.drain', {});
}, 60_000);
afterAll(() => core?.close());

describe('the issue list API', () => {
  it('lists the issues the SDK sent, newest first, with counts, users and a sparkline', async () => {
    const list = await call('issues.list', { projectId: 1 });
    expect(list.total).toBe(3);
    const payment = list.issues.find((issue) => issue.title.startsWith('PaymentDeclined'));
    expect(payment).toMatchObject({
      count: 3,
      userCount: 2,
      status: 'unresolved',
      substatus: 'new',
      level: 'error',
    });
    expect(payment?.shortId).toMatch(/^DEFAULT-\w+$/);
    expect(payment?.stats.reduce((a, b) => a + b, 0)).toBe(3);
    expect(payment?.culprit).toContain('chargeCard');
  });

  it('sorts by events and by users', async () => {
    expect((await titles('', 'freq'))[0]).toMatch(/^PaymentDeclined/);
    expect((await titles('', 'user'))[0]).toMatch(/^PaymentDeclined/);
  });

  it('searches by level, free text, tags, release, negation and has:', async () => {
    expect(await titles('level:warning')).toEqual([expect.stringMatching(/^InventoryMissing/)]);
    expect(await titles('sku')).toEqual([expect.stringMatching(/^InventoryMissing/)]);
    expect(await titles('checkout_step:payment')).toEqual([expect.stringMatching(/^PaymentDeclined/)]);
    expect(await titles('checkout_step:pay*')).toEqual([expect.stringMatching(/^PaymentDeclined/)]);
    expect((await titles('release:shop@1.0.0')).length).toBe(3);
    expect(await titles('release:other')).toEqual([]);
    // Issues with an event whose tag differs (a missing tag counts as ''), as Snuba compares.
    // (The captureMessage issue, level info, is titled by its crash function: left out by level.)
    expect((await titles('!checkout_step:payment !level:info')).sort()).toEqual([
      expect.stringMatching(/^InventoryMissing/),
      expect.stringMatching(/^PaymentDeclined/),
    ]);
    expect(await titles('has:checkout_step level:error')).toEqual([
      expect.stringMatching(/^PaymentDeclined/),
    ]);
    expect(await titles('user.email:ada@example.com')).toEqual([expect.stringMatching(/^PaymentDeclined/)]);
    expect(await titles('timesSeen:>2')).toEqual([expect.stringMatching(/^PaymentDeclined/)]);
    expect((await titles('firstSeen:-1h')).length).toBe(3);
    expect(await titles('firstSeen:+1h')).toEqual([]);
  });

  it("matches free text on every event's message, case-insensitive, and counts the matching events", async () => {
    // Sentry's issue search sends free text to Snuba as a condition on each event's message: an
    // issue matches when any of its events does, not only the latest, and shows the matching count.
    for (const query of ['declined again', 'DECLINED AGAIN', 'card declined thrice', 'sku 12']) {
      const list = await call('issues.list', { projectId: 1, query });
      expect(
        list.issues.map((issue) => issue.title),
        query,
      ).toEqual([expect.stringMatching(query.startsWith('sku') ? /^InventoryMissing/ : /^PaymentDeclined/)]);
      expect(list.issues[0]?.filtered?.count, query).toBe(1);
    }
    const all = await call('issues.list', { projectId: 1, query: 'card declined' });
    expect(all.issues.map((issue) => [issue.title.split(':')[0], issue.filtered?.count])).toEqual([
      ['PaymentDeclined', 3],
    ]);
    expect(await titles('declined never')).toEqual([]);
  });

  it('finds an issue by its short id', async () => {
    const [first] = (await call('issues.list', { projectId: 1 })).issues;
    expect(await titles(`issue:${first?.shortId}`)).toEqual([first?.title]);
  });

  it("a search that is only an event id or a short id is Sentry's direct hit on its issue", async () => {
    const eventId = sent[3]!;
    const inventory = (await call('issues.list', { projectId: 1, query: 'sku' })).issues[0]!;
    const dashed = `${eventId.slice(0, 8)}-${eventId.slice(8, 12)}-${eventId.slice(12, 16)}-${eventId.slice(16, 20)}-${eventId.slice(20)}`;
    for (const query of [eventId, ` ${dashed.toUpperCase()} `]) {
      const list = await call('issues.list', { projectId: 1, query });
      expect(list.directHit, query).toEqual({ groupId: inventory.id, projectId: 1, eventId });
      expect(list.issues.map((issue) => issue.id)).toEqual([inventory.id]);
    }
    for (const query of [inventory.shortId, inventory.shortId.toLowerCase()]) {
      const list = await call('issues.list', { projectId: 1, query });
      expect(list.directHit, query).toEqual({ groupId: inventory.id, projectId: 1 });
    }
    // Found by any period (Sentry looks the id up, not the period's issues); later pages are lists.
    expect(
      (await call('issues.list', { projectId: 1, query: eventId, period: '24h' })).directHit,
    ).toBeDefined();
    expect(
      (await call('issues.list', { projectId: 1, query: eventId, offset: 25 })).directHit,
    ).toBeUndefined();
    for (const query of ['0'.repeat(32), 'DEFAULT-ZZZZZ', `${eventId} sku`, `is:unresolved ${eventId}`]) {
      expect((await call('issues.list', { projectId: 1, query })).directHit, query).toBeUndefined();
    }
  });

  it('rejects a search it cannot parse as invalid_query, naming the place', async () => {
    await expect(
      call('issues.list', { projectId: 1, query: 'is:unresolved is:bogus' }),
    ).rejects.toMatchObject({
      type: 'invalid_query',
      message: expect.stringContaining("'bogus'"),
    });
  });

  it('resolving and ignoring move issues between is:unresolved, is:resolved and is:ignored', async () => {
    const list = await call('issues.list', { projectId: 1 });
    const [a, b] = list.issues;
    await call('issues.update', { projectId: 1, groupIds: [a!.id], update: { status: 'resolved' } });
    await call('issues.update', {
      projectId: 1,
      groupIds: [b!.id],
      update: { status: 'ignored', until: 'forever' },
    });
    expect(await titles('is:resolved')).toEqual([a!.title]);
    expect(await titles('is:ignored')).toEqual([b!.title]);
    expect(await titles('is:unresolved')).not.toContain(a!.title);
    await call('issues.update', { projectId: 1, groupIds: [a!.id, b!.id], update: { status: 'unresolved' } });
    expect((await titles('is:unresolved')).length).toBe(3);
  });
});

describe('the issue and event API', () => {
  it("shows an issue's events, tags, latest event and hashes", async () => {
    const issue = (await call('issues.list', { projectId: 1, query: 'PaymentDeclined' })).issues[0]!;
    const detail = await call('issues.get', { groupId: issue.id });
    expect(detail.hashes.length).toBeGreaterThan(0);
    const events = await call('issues.events', { groupId: issue.id });
    expect(events.total).toBe(3);
    // Newest first; events of the same millisecond follow their ids, as Sentry orders them.
    const ids = events.events.map((e) => e.eventId);
    expect([...ids].sort()).toEqual(sent.slice(0, 3).sort());
    expect(events.events.map((e) => Date.parse(e.timestamp))).toEqual(
      events.events.map((e) => Date.parse(e.timestamp)).sort((a, b) => b - a),
    );
    expect((await call('events.get', { groupId: issue.id, eventId: 'latest' })).eventId).toBe(ids[0]);
    expect((await call('events.get', { groupId: issue.id, eventId: 'oldest' })).eventId).toBe(ids[2]);
    const searched = await call('issues.events', { groupId: issue.id, query: 'user.id:8' });
    expect(searched.events.map((e) => e.eventId).sort()).toEqual([sent[1], sent[2]].sort());
    const tags = await call('issues.tags', { groupId: issue.id });
    const release = tags.find((tag) => tag.key === 'release');
    expect(release).toMatchObject({ totalValues: 3, topValues: [{ value: 'shop@1.0.0', count: 3 }] });
    const stats = await call('issues.stats', { groupId: issue.id, period: '24h' });
    expect(stats.points.reduce((sum, p) => sum + p.count, 0)).toBe(3);
  });

  it('navigates between the events of an issue', async () => {
    const groupId = (await call('issues.list', { projectId: 1, query: 'PaymentDeclined' })).issues[0]!.id;
    const oldest = await call('events.get', { groupId, eventId: 'oldest' });
    expect(oldest.previousEventId).toBeNull();
    const middle = await call('events.get', { projectId: 1, eventId: oldest.nextEventId! });
    expect(middle.previousEventId).toBe(oldest.eventId);
    const latest = await call('events.get', { groupId, eventId: 'latest' });
    expect(middle.nextEventId).toBe(latest.eventId);
    expect(latest.nextEventId).toBeNull();
    expect(new Set([oldest.eventId, middle.eventId, latest.eventId]).size).toBe(3);
  });

  it("searches an issue's events by text and by date:, as Sentry's events tab does", async () => {
    const groupId = (await call('issues.list', { projectId: 1, query: 'PaymentDeclined' })).issues[0]!.id;
    const count = async (query: string) => (await call('issues.events', { groupId, query })).total;
    expect(await count('')).toBe(3);
    // The events were all sent moments ago.
    expect(await count('date:-1h')).toBe(3);
    expect(await count('event.timestamp:+1h')).toBe(0);
    expect(await count(`timestamp:>${new Date(Date.now() + 60_000).toISOString()}`)).toBe(0);
    expect(await count('declined again date:-1h')).toBe(1);
    await expect(call('issues.events', { groupId, query: 'firstSeen:-1h' })).rejects.toMatchObject({
      type: 'invalid_query',
    });
  });

  it('returns the stored event with exception, in-app frames with source, breadcrumbs, request and user', async () => {
    const detail = await call('events.get', { projectId: 1, eventId: sent[0]! });
    const event = detail.event as {
      exception: { values: Array<{ type: string; stacktrace: { frames: Array<Record<string, unknown>> } }> };
      breadcrumbs: { values: Array<{ message?: string }> };
      request: { url: string; method: string };
      user: { email: string };
    };
    const exception = event.exception.values.at(-1)!;
    expect(exception.type).toBe('PaymentDeclined');
    const inApp = exception.stacktrace.frames.filter((frame) => frame.in_app);
    expect(inApp.map((frame) => frame.function)).toEqual(
      expect.arrayContaining(['chargeCard', 'handleCheckout']),
    );
    expect(inApp.find((frame) => frame.function === 'chargeCard')?.context_line).toContain(
      'new CheckoutError',
    );
    expect(event.breadcrumbs.values.map((b) => b.message)).toEqual(
      expect.arrayContaining(['cart loaded', 'pay clicked']),
    );
    expect(event.request.method).toBe('POST');
    expect(event.request.url).toContain('http://shop.local/checkout');
    expect(event.user.email).toBe('ada@example.com');
  });

  it('grouping info names the contributing variant and its hash owns the issue', async () => {
    const detail = await call('events.get', { projectId: 1, eventId: sent[0]! });
    const info = await call('events.grouping', { projectId: 1, eventId: sent[0]! });
    expect(info.contributingVariant).toBe('app');
    expect(info.variants.app?.contributes).toBe(true);
    expect(info.hashGroups[0]).toEqual({ hash: info.hashes[0], groupId: detail.groupId });
  });
});
