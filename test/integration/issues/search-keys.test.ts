/**
 * Sentry's issue-search keys beyond plain tags, against a real core fed by the real @sentry/node
 * SDK and a native crash from the shared corpus: `message:` as a case-insensitive substring,
 * `error.handled`/`error.unhandled`, `event.type`, `issue.category`, `project`, `release:latest`.
 * What Sentry refuses is an `invalid_query` naming the place; unknown keys stay tag lookups.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import type { ApiMethod, ApiParams } from '../../../src-shared/api.ts';
import { sendWithSdk } from '../../e2e/fixtures/send.ts';
import { callApi, startCore } from '../../support/core.ts';

const NATIVE_CRASH = path.resolve(
  import.meta.dirname,
  '../../../../shared/corpus/envelopes/relay/nnswitch_crportal_event.json',
);

// Relay's fixture stays in ../shared: without it, there is no unhandled native crash to find.
const hasCrash = fs.existsSync(NATIVE_CRASH);
if (!hasCrash) console.warn(`[issue search tests] ${NATIVE_CRASH} missing: the search-key tests are skipped`);

let core: Core;

const call = <M extends ApiMethod>(method: M, params: ApiParams<M>) => callApi(core, method, params);

async function titles(query: string): Promise<string[]> {
  const list = await call('issues.list', { projectId: 1, query, period: '30d' });
  return list.issues.map((issue) => issue.title).sort();
}

const PAYMENT = 'PaymentDeclined: card declined';
const INVENTORY = 'InventoryMissing: sku 12 gone';

beforeAll(async () => {
  if (!hasCrash) return;
  core = await startCore();
  const dsn = core.ctx.projects.defaultDsn(1) ?? '';
  await sendWithSdk(dsn, {
    release: 'shop@1.0.0',
    errors: [{ name: 'PaymentDeclined', message: 'card declined', tags: { checkout_step: 'payment' } }],
  });
  await sendWithSdk(dsn, {
    release: 'shop@1.1.0',
    errors: [{ name: 'InventoryMissing', message: 'sku 12 gone' }],
  });
  // An unhandled native crash (mechanism.handled false), without a release.
  const key = core.ctx.projects.list()[0]?.keys[0]?.publicKey ?? '';
  const reply = await fetch(`${core.url}/api/1/store/?sentry_key=${key}&sentry_version=7`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: fs.readFileSync(NATIVE_CRASH),
  });
  expect(reply.status).toBe(200);
  await core.ctx.pipeline.call('pipeline.drain', {});
}, 60_000);
afterAll(() => core?.close());

const crash = expect.stringContaining('ResultAccessViolationData');

describe.skipIf(!hasCrash)('message: as Sentry matches it', () => {
  it('matches a case-insensitive part of the message, negated too, wildcards still work', async () => {
    expect(await titles('message:"CARD decl"')).toEqual([PAYMENT]);
    // The search message holds the culprit too (`chargeCard`), so negate a word of the value only.
    expect(await titles('!message:DECLINED')).toEqual([crash, INVENTORY]);
    expect(await titles('message:sku*gone')).toEqual([INVENTORY]);
  });
});

describe.skipIf(!hasCrash)("Sentry's special keys", () => {
  it('error.unhandled and error.handled take true/false and look at the exception mechanism', async () => {
    expect(await titles('error.unhandled:true')).toEqual([crash]);
    expect(await titles('error.unhandled:false')).toEqual([INVENTORY, PAYMENT]);
    expect(await titles('error.handled:true')).toEqual([INVENTORY, PAYMENT]);
    expect(await titles('error.handled:0')).toEqual([crash]);
    await expect(call('issues.list', { projectId: 1, query: 'error.handled:maybe' })).rejects.toMatchObject({
      type: 'invalid_query',
      message: expect.stringContaining('at 0–19'),
    });
  });

  it('event.type matches the event type', async () => {
    expect(await titles('event.type:error')).toHaveLength(3);
    expect(await titles('event.type:default')).toEqual([]);
  });

  it('issue.category:error matches every issue; an unknown category is refused', async () => {
    expect(await titles('issue.category:error')).toHaveLength(3);
    expect(await titles('!issue.category:error')).toEqual([]);
    expect(await titles('issue.category:feedback')).toEqual([]);
    await expect(
      call('issues.list', { projectId: 1, query: 'is:unresolved issue.category:bogus' }),
    ).rejects.toMatchObject({
      type: 'invalid_query',
      message: expect.stringContaining("Invalid category value of 'bogus' (at 14–34"),
    });
  });

  it("issue.type:error matches every issue, as Sentry's group type slug; an unknown type is refused", async () => {
    expect(await titles('issue.type:error')).toHaveLength(3);
    expect(await titles('issue.type:[error, feedback]')).toHaveLength(3);
    expect(await titles('!issue.type:error')).toEqual([]);
    expect(await titles('issue.type:performance_n_plus_one_db_queries')).toEqual([]);
    expect(await titles('!issue.type:performance_n_plus_one_db_queries')).toHaveLength(3);
    await expect(call('issues.list', { projectId: 1, query: 'issue.type:bogus' })).rejects.toMatchObject({
      type: 'invalid_query',
      message: expect.stringContaining("Invalid type value of 'bogus' (at 0–16"),
    });
  });

  it("issue.id: finds issues by their numeric id, as Snuba's group_id; not a number is refused", async () => {
    const list = await call('issues.list', { projectId: 1, query: '', period: '30d' });
    const payment = list.issues.find((issue) => issue.title === PAYMENT);
    const inventory = list.issues.find((issue) => issue.title === INVENTORY);
    expect(await titles(`issue.id:${payment?.id}`)).toEqual([PAYMENT]);
    expect(await titles(`issue.id:[${payment?.id}, ${inventory?.id}]`)).toEqual([INVENTORY, PAYMENT]);
    expect(await titles(`!issue.id:${payment?.id}`)).toEqual([crash, INVENTORY]);
    expect(await titles('issue.id:999999')).toEqual([]);
    await expect(call('issues.list', { projectId: 1, query: 'issue.id:abc' })).rejects.toMatchObject({
      type: 'invalid_query',
      message: expect.stringContaining('issue.id: Invalid number: abc'),
    });
  });

  it('project: takes the slug or the id of the project; another one is refused', async () => {
    const slug = core.ctx.projects.list()[0]?.slug ?? '';
    expect(await titles(`project:${slug}`)).toHaveLength(3);
    expect(await titles('project:1')).toHaveLength(3);
    expect(await titles(`!project:${slug}`)).toEqual([]);
    await expect(call('issues.list', { projectId: 1, query: 'project:nope' })).rejects.toMatchObject({
      type: 'invalid_query',
      message: expect.stringContaining('nope'),
    });
  });

  it('release:latest is the newest release; other keys stay tag lookups', async () => {
    expect(await titles('release:latest')).toEqual([INVENTORY]);
    expect(await titles('!release:latest')).toEqual([crash, PAYMENT]);
    expect(await titles('checkout_step:payment')).toEqual([PAYMENT]);
  });

  it('release:latest in a project without releases matches no event, and its negation every one', async () => {
    const project = core.ctx.projects.create({ name: 'No releases' });
    await sendWithSdk(core.ctx.projects.defaultDsn(project.id) ?? '', {
      errors: [{ name: 'Unreleased', message: 'no release here' }],
    });
    await core.ctx.pipeline.call('pipeline.drain', {});
    const list = async (query: string) =>
      (await call('issues.list', { projectId: project.id, query, period: '30d' })).issues.map((i) => i.title);
    expect(await list('')).toEqual(['Unreleased: no release here']);
    expect(await list('release:latest')).toEqual([]);
    expect(await list('!release:latest')).toEqual(['Unreleased: no release here']);
    await sendWithSdk(core.ctx.projects.defaultDsn(project.id) ?? '', {
      release: 'early@1.0.0',
      errors: [{ name: 'EarlyError', message: 'sent on time' }],
    });
    await core.ctx.pipeline.call('pipeline.drain', {});
    expect(await list('release:latest')).toEqual(['EarlyError: sent on time']);
  });
});

describe.skipIf(!hasCrash)('free text as Sentry reads it', () => {
  it('a * in free text is a wildcard matched anywhere in the message, as in message:', async () => {
    expect(await titles('card*ined')).toEqual([PAYMENT]);
    expect(await titles('SKU*GONE')).toEqual([INVENTORY]);
    expect(await titles('sku*declined')).toEqual([]);
  });
});
