/**
 * Sentry's web API (`/api/0/…`) on a real core fed by the real @sentry/node SDK: the JSON shapes
 * tools read, Sentry's cursor pagination with its `Link` header, status changes, events, and the
 * bearer-token authentication.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { sendWithSdk } from '../../e2e/fixtures/send.ts';
import { sendEnvelope, startCore, storeEvents } from '../../support/core.ts';
import { request } from '../../support/http.ts';
import { tempDir } from '../../support/serve.ts';
import { sentryApiClient } from './api-client.ts';

let core: Core;
let sent: string[];

type Json = Record<string, unknown> & { id?: string };

const api = sentryApiClient(() => core);

async function issues(query: string): Promise<Json[]> {
  const reply = await api(`/api/0/projects/faultline/default/issues/?query=${encodeURIComponent(query)}`);
  expect(reply.status).toBe(200);
  return reply.json as Json[];
}

const titled = (list: Json[], prefix: string) => list.find((i) => String(i.title).startsWith(prefix));

beforeAll(async () => {
  core = await startCore(tempDir(), { httpRpc: true });
  const dsn = core.ctx.projects.defaultDsn(1) ?? '';
  sent = await sendWithSdk(dsn, {
    release: 'shop@1.0.0',
    environment: 'production',
    errors: [
      {
        name: 'PaymentDeclined',
        message: 'card declined',
        tags: { checkout_step: 'payment' },
        user: { id: '7', email: 'ada@example.com' },
        breadcrumbs: ['cart loaded'],
      },
      { name: 'PaymentDeclined', message: 'card declined again', user: { id: '8' } },
      { name: 'InventoryMissing', message: 'sku 12 gone', level: 'warning' },
      { name: 'SlowDatabase', message: 'db slow', level: 'error' },
      { name: 'CacheMiss', message: 'cache cold', level: 'error' },
    ],
  });
  await core.ctx.pipeline.call('pipeline.drain', {});
}, 60_000);
afterAll(() => core?.close());

describe("Sentry's web API: authentication", () => {
  it("answers 401 with Sentry's detail without a bearer token or with a wrong one", async () => {
    const none = await api('/api/0/organizations/', { token: null });
    expect(none.status).toBe(401);
    expect(none.json).toEqual({ detail: 'Authentication credentials were not provided.' });
    const wrong = await api('/api/0/organizations/', { token: 'f'.repeat(48) });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual({ detail: 'Invalid token' });
  });

  it('refuses a foreign Host (DNS rebinding) even with the token', async () => {
    const reply = await api('/api/0/organizations/', { hostHeader: `evil.example:${core.port}` });
    expect(reply.status).toBe(403);
    expect(reply.json).toEqual({ detail: `host 'evil.example:${core.port}' is not allowed` });
    const page = await request(`${core.url}/api/0/organizations/`, {
      headers: { authorization: `Bearer ${core.token}`, origin: 'http://evil.example' },
    });
    expect(page.status).toBe(403);
  });

  it("answers an unknown path and an unknown organization with 404 and Sentry's detail", async () => {
    for (const path of [
      '/api/0/no-such-thing/',
      '/api/0/organizations/acme/',
      '/api/0/projects/faultline/nope/',
    ]) {
      const reply = await api(path);
      expect(reply.status, path).toBe(404);
      expect(reply.json).toEqual({ detail: 'The requested resource does not exist' });
    }
  });
});

describe("Sentry's web API: organizations and projects", () => {
  it('lists the one organization, faultline, with the fields sentry-cli reads', async () => {
    const list = await api('/api/0/organizations/');
    expect(list.json).toEqual([
      expect.objectContaining({
        id: '1',
        slug: 'faultline',
        name: 'Faultline',
        isEarlyAdopter: false,
        require2FA: false,
        requireEmailVerification: false,
        features: [],
        dateCreated: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      }),
    ]);
    expect((await api('/api/0/organizations/1/')).json).toMatchObject({ slug: 'faultline' });
  });

  it('lists projects by organization and in all, and finds one by slug or id', async () => {
    const ofOrg = (await api('/api/0/organizations/faultline/projects/')).json as Json[];
    expect(ofOrg).toEqual([
      expect.objectContaining({ id: '1', slug: 'default', name: 'Default', team: null }),
    ]);
    const all = (await api('/api/0/projects/')).json as Json[];
    expect(all[0]).toMatchObject({ id: '1', slug: 'default', organization: { slug: 'faultline' } });
    for (const name of ['default', '1']) {
      const one = await api(`/api/0/projects/faultline/${name}/`);
      expect(one.json).toMatchObject({ id: '1', slug: 'default', status: 'active' });
    }
  });
});

describe("Sentry's web API: the issue stream", () => {
  it("answers Sentry's group shape: string ids and counts, short id, project, 25 hourly stats (Sentry's series)", async () => {
    const payment = titled(await issues(''), 'PaymentDeclined');
    expect(payment).toMatchObject({
      id: expect.stringMatching(/^\d+$/),
      shortId: expect.stringMatching(/^DEFAULT-\w+$/),
      count: '2',
      userCount: 2,
      status: 'unresolved',
      substatus: 'new',
      level: 'error',
      priority: 'high',
      issueCategory: 'error',
      project: { id: '1', slug: 'default', name: 'Default' },
      permalink: expect.stringContaining(`/#/issues/${payment?.id}`),
    });
    const stats = (payment?.stats as Record<string, Array<[number, number]>> | undefined)?.['24h'];
    expect(stats).toHaveLength(25);
    expect(stats?.reduce((sum, [, n]) => sum + n, 0)).toBe(2);
  });

  it("searches with Sentry's syntax, and refuses a stats period Sentry's endpoint refuses", async () => {
    const warnings = await issues('level:warning');
    expect(warnings.map((i) => i.title)).toEqual([expect.stringMatching(/^InventoryMissing/)]);
    const bad = await api('/api/0/projects/faultline/default/issues/?statsPeriod=7d');
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ detail: "Invalid stats_period. Valid choices are '', '24h', and '14d'" });
  });

  it('answers a search with event conditions with the filtered counts, without the UI graph series query', async () => {
    const pipeline = core.ctx.pipeline;
    const original = pipeline.call;
    const called: string[] = [];
    pipeline.call = ((name: string, args: unknown) => {
      called.push(name);
      return original.call(pipeline, name, args);
    }) as typeof pipeline.call;
    try {
      const list = await issues('checkout_step:payment');
      expect(titled(list, 'PaymentDeclined')?.filtered).toMatchObject({ count: '1', userCount: 1 });
      expect(called).toContain('issues.matchGroups');
      expect(called).not.toContain('issues.filteredSeries');
    } finally {
      pipeline.call = original;
    }
  });

  it('pages with cursors: each Link header names the next page until it says results="false"', async () => {
    const all = await issues('');
    expect(all).toHaveLength(4);
    const seen: string[] = [];
    let path = '/api/0/projects/faultline/default/issues/?query=&limit=3';
    for (let pages = 1; ; pages++) {
      const reply = await api(path);
      expect(reply.headers['x-hits']).toBe('4');
      seen.push(...(reply.json as Json[]).map((i) => String(i.id)));
      const link = String(reply.headers.link);
      const next = /<([^>]+)>; rel="next"; results="(true|false)"; cursor="([^"]+)"/.exec(link);
      expect(next, link).not.toBeNull();
      expect(link).toMatch(/rel="previous"; results="(true|false)"/);
      if (next?.[2] === 'false') {
        expect(pages).toBe(2);
        break;
      }
      expect(next?.[3]).toBe(`3:${pages}:0`);
      path = new URL(next?.[1] ?? '').pathname + new URL(next?.[1] ?? '').search;
    }
    expect(seen).toEqual(all.map((i) => String(i.id)));
    const invalid = await api('/api/0/projects/faultline/default/issues/?cursor=nonsense');
    expect(invalid.status).toBe(400);
  });

  it('answers an event id as a direct hit, and a short id only with shortIdLookup=1', async () => {
    const [eventId] = sent;
    const byEvent = await api(`/api/0/projects/faultline/default/issues/?query=${eventId}`);
    expect(byEvent.headers['x-sentry-direct-hit']).toBe('1');
    expect(byEvent.json).toEqual([expect.objectContaining({ matchingEventId: eventId })]);
    const payment = titled(await issues(''), 'PaymentDeclined');
    const shortId = String(payment?.shortId);
    const without = await api(`/api/0/projects/faultline/default/issues/?query=${shortId}`);
    expect(without.json).toEqual([]);
    const withLookup = await api(
      `/api/0/projects/faultline/default/issues/?query=${shortId}&shortIdLookup=1`,
    );
    expect((withLookup.json as Json[]).map((i) => i.id)).toEqual([payment?.id]);
  });
});

describe("Sentry's web API: changing issues", () => {
  it('resolves the issues named by id in the project, and answers 204 for ids of none of its issues', async () => {
    const slow = titled(await issues(''), 'SlowDatabase');
    const put = await api(`/api/0/projects/faultline/default/issues/?id=${slow?.id}`, {
      method: 'PUT',
      body: { status: 'resolved', snoozeDuration: null },
    });
    expect(put.status).toBe(200);
    expect(put.json).toEqual({ status: 'resolved', statusDetails: {}, inbox: null });
    expect(titled(await issues('is:resolved'), 'SlowDatabase')).toBeDefined();
    // The project's default stream is is:unresolved.
    const stream = (await api('/api/0/projects/faultline/default/issues/')).json as Json[];
    expect(titled(stream, 'SlowDatabase')).toBeUndefined();
    const none = await api('/api/0/projects/faultline/default/issues/?id=999999', {
      method: 'PUT',
      body: { status: 'resolved' },
    });
    expect(none.status).toBe(204);
    const invalid = await api(`/api/0/projects/faultline/default/issues/?id=${slow?.id}`, {
      method: 'PUT',
      body: { status: 'sleeping' },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json).toEqual({ status: ['"sleeping" is not a valid choice.'] });
  });

  it('archives one issue with PUT /issues/{id}/ and answers the issue as it now is', async () => {
    const cache = titled(await issues(''), 'CacheMiss');
    const put = await api(`/api/0/issues/${cache?.id}/`, {
      method: 'PUT',
      body: { status: 'ignored', statusDetails: { ignoreCount: 10 } },
    });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({
      id: cache?.id,
      status: 'ignored',
      substatus: 'archived_until_condition_met',
      statusDetails: { ignoreCount: 10 },
    });
    const timed = await api(`/api/0/issues/${cache?.id}/`, {
      method: 'PUT',
      body: { status: 'ignored', statusDetails: { ignoreDuration: 30 } },
    });
    expect(timed.status).toBe(400);
    const back = await api(`/api/0/organizations/faultline/issues/${cache?.shortId}/`, {
      method: 'PUT',
      body: { status: 'unresolved' },
    });
    expect(back.json).toMatchObject({ id: cache?.id, status: 'unresolved' });
  });

  it('sets the priority (locking it) and the bookmark with PUT, one issue or by id, as Sentry answers them', async () => {
    const payment = titled(await issues(''), 'PaymentDeclined');
    expect(payment).toMatchObject({ priority: 'high', priorityLockedAt: null, isBookmarked: false });
    const put = await api(`/api/0/issues/${payment?.id}/`, {
      method: 'PUT',
      body: { priority: 'low', isBookmarked: true },
    });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ id: payment?.id, priority: 'low', isBookmarked: true });
    expect((put.json as Json).priorityLockedAt).toEqual(expect.any(String));
    const bulk = await api(`/api/0/projects/faultline/default/issues/?id=${payment?.id}`, {
      method: 'PUT',
      body: { priority: 'medium' },
    });
    expect(bulk.json).toEqual({ priority: 'medium' });
    expect(titled(await issues('issue.priority:medium bookmarks:me'), 'PaymentDeclined')).toBeDefined();
    const invalid = await api(`/api/0/issues/${payment?.id}/`, {
      method: 'PUT',
      body: { priority: 'urgent' },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json).toEqual({ priority: ['"urgent" is not a valid choice.'] });
  });

  it('marks issues reviewed with `inbox: false`, which takes them out of is:for_review', async () => {
    const forReview = await issues('is:for_review');
    const first = forReview[0];
    expect(first).toBeDefined();
    const put = await api(`/api/0/projects/faultline/default/issues/?id=${first?.id}`, {
      method: 'PUT',
      body: { inbox: false },
    });
    expect(put.status).toBe(200);
    expect(put.json).toEqual({ inbox: false });
    expect((await issues('is:for_review')).map((issue) => issue.id)).not.toContain(first?.id);
    expect((await api(`/api/0/issues/${first?.id}/`)).json).toMatchObject({ substatus: 'ongoing' });
    const manual = await api(`/api/0/issues/${first?.id}/`, { method: 'PUT', body: { inbox: true } });
    expect(manual.status).toBe(400);
    expect(manual.json).toEqual({ inbox: [expect.stringContaining('does not add them to For Review')] });
  });

  it('gives one issue with its releases, activity and 24h and 30d stats', async () => {
    const payment = titled(await issues(''), 'PaymentDeclined');
    const detail = (await api(`/api/0/issues/${payment?.id}/`)).json as Json;
    expect(detail).toMatchObject({
      id: payment?.id,
      count: '2',
      firstRelease: { version: 'shop@1.0.0' },
      lastRelease: { version: 'shop@1.0.0' },
      userReportCount: 0,
    });
    expect(Object.keys(detail.stats as object)).toEqual(['24h', '30d']);
    expect((detail.activity as Json[]).map((a) => a.type)).toContain('first_seen');
  });
});

describe("Sentry's web API: events", () => {
  it('narrows events, their counts and the issue stream to the environment parameter, and refuses it where it cannot', async () => {
    const payment = titled(await issues(''), 'PaymentDeclined');
    const ofIssue = async (env: string) =>
      ((await api(`/api/0/issues/${payment?.id}/events/?${env}`)).json as Json[]).length;
    expect(await ofIssue('environment=production')).toBe(2);
    expect(await ofIssue('environment=production&environment=production')).toBe(2);
    // An environment no event names is not the organization's: 404, as Sentry's get_environments answers.
    for (const env of ['environment=staging', 'environment=staging&environment=production'])
      expect((await api(`/api/0/issues/${payment?.id}/events/?${env}`)).status).toBe(404);
    const counted = async (env: string) =>
      (
        (await api(`/api/0/organizations/faultline/events/?field=count()&statsPeriod=24h&${env}`)).json as {
          data: Json[];
        }
      ).data;
    // Every event the SDK sent here is of its default environment, production.
    const all = await counted('');
    expect(all[0]?.['count()']).toBeGreaterThan(0);
    expect(await counted('environment=production')).toEqual(all);
    expect(
      (await api('/api/0/organizations/faultline/events/?field=count()&environment=staging')).status,
    ).toBe(404);
    // The organization's stream takes it too (environment-streams.test.ts); an environment no event
    // names is not the organization's: 404, as Sentry's get_environments answers.
    const unknown = await api('/api/0/organizations/faultline/issues/?environment=staging');
    expect(unknown.status).toBe(404);
    expect((await api('/api/0/organizations/faultline/issues/?environment=production')).status).toBe(200);
    // A tag's values are the environment's (issue-page-filters.test.ts); a project's events cannot be
    // narrowed so: refused, not answered for every environment.
    const values = await api(`/api/0/issues/${payment?.id}/tags/level/values/?environment=production`);
    expect(values.status).toBe(200);
    const refused = await api('/api/0/projects/faultline/default/events/?environment=production');
    expect(refused.status).toBe(400);
    expect((refused.json as Json).detail).toMatch(/environment:NAME/);
  });

  it("lists an issue's events newest first with tags and user, and its latest and oldest in full", async () => {
    const payment = titled(await issues(''), 'PaymentDeclined');
    const list = (await api(`/api/0/issues/${payment?.id}/events/`)).json as Json[];
    expect(list).toHaveLength(2);
    const [paymentFirst, paymentSecond] = sent;
    expect(list.map((e) => e.eventID)).toEqual([paymentSecond, paymentFirst]);
    expect(list[1]).toMatchObject({
      groupID: payment?.id,
      projectID: '1',
      'event.type': 'error',
      user: { id: '7', email: 'ada@example.com' },
    });
    expect(list[1]?.tags).toEqual(
      expect.arrayContaining([
        { key: 'checkout_step', value: 'payment' },
        { key: 'release', value: 'shop@1.0.0' },
      ]),
    );
    const latest = (await api(`/api/0/issues/${payment?.id}/events/latest/`)).json as Json;
    expect(latest).toMatchObject({
      eventID: paymentSecond,
      previousEventID: paymentFirst,
      nextEventID: null,
    });
    const oldest = (await api(`/api/0/issues/${payment?.id}/events/oldest/`)).json as Json;
    expect(oldest.eventID).toBe(paymentFirst);
    const exception = (oldest.entries as Json[]).find((e) => e.type === 'exception');
    const [value] = (exception?.data as { values: Json[] } | undefined)?.values ?? [];
    expect(value).toMatchObject({ type: 'PaymentDeclined', value: 'card declined' });
    const frames = (value?.stacktrace as { frames: Json[] } | undefined)?.frames ?? [];
    expect(frames.at(-1)).toMatchObject({
      function: expect.any(String),
      lineNo: expect.any(Number),
      inApp: expect.any(Boolean),
      context: expect.arrayContaining([[frames.at(-1)?.lineNo, expect.any(String)]]),
    });
    expect((oldest.entries as Json[]).map((e) => e.type)).toContain('breadcrumbs');
  });

  it("lists a project's events and gives one by id; an unknown id is 404", async () => {
    const list = (await api('/api/0/projects/faultline/default/events/')).json as Json[];
    expect(new Set(list.map((e) => e.eventID))).toEqual(new Set(sent));
    const one = await api(`/api/0/projects/faultline/default/events/${sent[2]}/`);
    expect(one.json).toMatchObject({ eventID: sent[2], title: expect.stringMatching(/^InventoryMissing/) });
    const missing = await api(`/api/0/projects/faultline/default/events/${'0'.repeat(32)}/`);
    expect(missing.status).toBe(404);
  });
});

describe("Sentry's web API: the organization's stream", () => {
  it('lists the issues of every project, or of the projects asked for', async () => {
    const other = core.ctx.projects.create({ name: 'Checkout' });
    const key = other.keys[0]?.publicKey ?? '';
    const dsn = `http://${key}@127.0.0.1:${core.port}/${other.id}`;
    await sendWithSdk(dsn, { errors: [{ name: 'CheckoutBroken', message: 'total is NaN' }] });
    await core.ctx.pipeline.call('pipeline.drain', {});
    const all = (await api('/api/0/organizations/faultline/issues/?query=')).json as Json[];
    expect(all.map((i) => (i.project as Json).slug)).toEqual(expect.arrayContaining(['default', 'checkout']));
    expect(all).toHaveLength(5);
    const only = (await api(`/api/0/organizations/faultline/issues/?query=&project=${other.id}`))
      .json as Json[];
    expect(only.map((i) => i.title)).toEqual([expect.stringMatching(/^CheckoutBroken/)]);
    const paged = await api('/api/0/organizations/faultline/issues/?query=&limit=2&cursor=2:2:0');
    expect((paged.json as Json[]).map((i) => i.id)).toEqual(all.slice(4).map((i) => i.id));
  });

  it("answers the period's first seen, with the issue's own in lifetime, as Sentry's stream", async () => {
    const own = await startCore(tempDir(), { httpRpc: true });
    try {
      const ownApi = sentryApiClient(() => own);
      const now = Date.now();
      const times = [now - 3 * 86_400_000, now - 3_600_000, now - 60_000];
      for (const t of times) {
        const eventId = crypto.randomUUID().replaceAll('-', '');
        const event = { event_id: eventId, timestamp: t / 1000, fingerprint: ['seen'], message: 'seen' };
        await sendEnvelope(
          own,
          [
            JSON.stringify({ event_id: eventId }),
            JSON.stringify({ type: 'event' }),
            JSON.stringify(event),
          ].join('\n'),
        );
      }
      const iso = (t: number | undefined) => new Date(t ?? 0).toISOString();
      const [day] = (await ownApi('/api/0/organizations/faultline/issues/?query=&statsPeriod=24h'))
        .json as Json[];
      expect(day).toMatchObject({
        count: '2',
        firstSeen: iso(times[1]),
        lastSeen: iso(times[2]),
        lifetime: { count: '3', firstSeen: iso(times[0]), lastSeen: iso(times[2]) },
      });
      const [week] = (await ownApi('/api/0/organizations/faultline/issues/?query=&statsPeriod=7d'))
        .json as Json[];
      expect(week).toMatchObject({ count: '3', firstSeen: iso(times[0]) });
      // The project stream counts all time: its first seen is the issue's.
      const [project] = (await ownApi('/api/0/projects/faultline/default/issues/?query=')).json as Json[];
      expect(project).toMatchObject({ count: '3', firstSeen: iso(times[0]) });
    } finally {
      await own.close();
    }
  });

  it("lists an issue last seen 40 days ago in the project stream and the org's 90d stream, not in 30d", async () => {
    const own = await startCore(tempDir(), { httpRpc: true });
    try {
      const ownApi = sentryApiClient(() => own);
      const eventId = crypto.randomUUID().replaceAll('-', '');
      const event = { event_id: eventId, fingerprint: ['aged'], message: 'aged' };
      await sendEnvelope(
        own,
        [
          JSON.stringify({ event_id: eventId }),
          JSON.stringify({ type: 'event' }),
          JSON.stringify(event),
        ].join('\n'),
      );
      // Forty days pass (Relay takes no event timestamped over 30 days back, a longer retention keeps
      // the ones that aged in place).
      const shift = 40 * 86_400_000;
      own.ctx.db.exec(`UPDATE groups SET first_seen = first_seen - ${shift}, last_seen = last_seen - ${shift};
        UPDATE events SET timestamp = timestamp - ${shift};
        UPDATE group_hourly SET hour = hour - ${shift};
        UPDATE group_users SET last_seen = last_seen - ${shift};`);
      const project = (await ownApi('/api/0/projects/faultline/default/issues/?query=')).json as Json[];
      expect(project.map((issue) => [issue.title, issue.count])).toEqual([['aged', '1']]);
      const quarter = (await ownApi('/api/0/organizations/faultline/issues/?query=&statsPeriod=90d'))
        .json as Json[];
      expect(quarter.map((issue) => [issue.title, issue.count, issue.userCount])).toEqual([['aged', '1', 0]]);
      const month = (await ownApi('/api/0/organizations/faultline/issues/?query=&statsPeriod=30d'))
        .json as Json[];
      expect(month).toEqual([]);
    } finally {
      await own.close();
    }
  });

  it("answers an organization's and a project's stream for a start and end, as Sentry's page filter asks", async () => {
    const own = await startCore(tempDir(), { httpRpc: true });
    try {
      const ownApi = sentryApiClient(() => own);
      const now = Math.floor(Date.now() / 1000);
      const DAY = 86_400;
      const events = [
        { fingerprint: ['older'], message: 'older', timestamp: now - 10 * DAY, user: { id: 'u2' } },
        { fingerprint: ['older'], message: 'older', timestamp: now - 3 * DAY, user: { id: 'u2' } },
        { fingerprint: ['older'], message: 'older', timestamp: now - 3 * DAY, user: { id: 'u3' } },
        { fingerprint: ['older'], message: 'older', timestamp: now - 60, user: { id: 'u1' } },
        { fingerprint: ['recent'], message: 'recent', timestamp: now - 3600, user: { id: 'u9' } },
      ];
      await storeEvents(own, events);
      const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
      const stream = async (path: string, range: string) => {
        const reply = await ownApi(`/api/0/${path}/issues/?query=&${range}`);
        expect(reply.status).toBe(200);
        return (reply.json as Json[]).map((issue) => [issue.title, issue.count, issue.userCount]);
      };
      const org = 'organizations/faultline';
      // The range's events and users; its start is in, its end out (Sentry's Snuba condition
      // `timestamp >= start AND timestamp < end`).
      expect(await stream(org, `start=${iso(now - 11 * DAY)}&end=${iso(now - 2 * DAY)}`)).toEqual([
        ['older', '3', 2],
      ]);
      // Sorted by the last event of the range, as Sentry's search sorts it: "older" was seen since.
      expect(await stream(org, `start=${iso(now - 3 * DAY)}&end=${iso(now - 60)}`)).toEqual([
        ['recent', '1', 1],
        ['older', '2', 2],
      ]);
      const ranged = await ownApi(
        `/api/0/${org}/issues/?query=&start=${iso(now - 3 * DAY)}&end=${iso(now - 60)}`,
      );
      const older = (ranged.json as Json[])[1] as Json;
      // Its first and last seen are the range's (Sentry's seen stats of the range), the issue's in `lifetime`.
      expect([older.firstSeen, older.lastSeen]).toEqual([iso(now - 3 * DAY), iso(now - 3 * DAY)]);
      expect((older.lifetime as Json).lastSeen).toBe(iso(now - 60));
      expect(await stream(org, `start=${iso(now - 10 * DAY)}&end=${iso(now - 3 * DAY)}`)).toEqual([
        ['older', '1', 1],
      ]);
      // Sentry's dates without a zone are UTC; statsPeriod wins over start and end, as its reader has it.
      const naive = iso(now - 11 * DAY).replace(/\.\d+Z$/, '');
      expect(await stream(org, `start=${naive}&end=${iso(now - 2 * DAY)}`)).toEqual([['older', '3', 2]]);
      expect(
        await stream(org, `statsPeriod=24h&start=${iso(now - 11 * DAY)}&end=${iso(now - 2 * DAY)}`),
      ).toEqual([
        ['older', '1', 1],
        ['recent', '1', 1],
      ]);
      // The project stream lists the range's issues with their all-time counts, as its serializer does.
      expect(
        await stream('projects/faultline/default', `start=${iso(now - 11 * DAY)}&end=${iso(now - 2 * DAY)}`),
      ).toEqual([['older', '4', 3]]);
    } finally {
      await own.close();
    }
  });

  it("refuses a start without an end, an end not after the start, or no date, with Sentry's detail", async () => {
    const start = new Date(Date.now() - 3_600_000).toISOString();
    const end = new Date().toISOString();
    for (const path of ['organizations/faultline', 'projects/faultline/default']) {
      const cases: Array<[string, string]> = [
        [`start=${start}`, 'start and end are both required'],
        [`end=${end}`, 'start and end are both required'],
        [`start=${end}&end=${start}`, 'start must be before end'],
        [`start=${start}&end=${start}`, 'start must be before end'],
        [`start=shrug&end=${end}`, 'shrug is not a valid ISO8601 date query'],
      ];
      for (const [range, detail] of cases) {
        const reply = await api(`/api/0/${path}/issues/?query=&${range}`);
        expect([path, range, reply.status, reply.json]).toEqual([path, range, 400, { detail }]);
      }
    }
  });
});
