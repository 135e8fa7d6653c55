/**
 * What a console user observes from `snql.*` over events sent by a real SDK: Snuba's column
 * semantics (missing tags read '', promoted tags, empty user is NULL, 32-hex UUIDs, time buckets
 * by GRANULARITY), soft deletes hidden, parameters instead of pasted text, the outcomes entity,
 * tag keys for completion, Parquet export and saved queries.
 */
import { parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiMethod, ApiParams } from '../../../src-shared/api.ts';
import type { SnqlResponse, SnqlRow, SnqlSuccess } from '../../../src-shared/snql-api.ts';
import { callApi } from '../../support/core.ts';
import { type Seeded, seed, seededWindow } from './seed.ts';

let seeded: Seeded;
beforeAll(async () => {
  seeded = await seed();
}, 120_000);
afterAll(() => seeded?.core.close());

const call = <M extends ApiMethod>(method: M, params: ApiParams<M>) => callApi(seeded.core, method, params);

function where(extra = ''): string {
  const { from, to } = seededWindow();
  return `WHERE project_id = ${seeded.projectId} AND timestamp >= toDateTime('${from}') AND timestamp < toDateTime('${to}')${extra}`;
}

async function ok(query: string, debug = false): Promise<SnqlSuccess> {
  const response: SnqlResponse = await call('snql.query', { query, debug });
  if ('error' in response) throw new Error(`${response.error.type}: ${response.error.message}\n${query}`);
  return response;
}

const mine = (): string => ` AND tags[marker] = '${seeded.marker}'`;

describe('SnQL over seeded events', () => {
  it('reads a missing tag key as an empty string, and a present one as its value', async () => {
    const result = await ok(
      `MATCH (events) SELECT message, tags[only_here] AS here, tags[no_such_key] AS none ${where(mine())} LIMIT 100`,
    );
    expect(result.data.length).toBe(6);
    for (const row of result.data) expect(row.none).toBe('');
    const here = result.data.filter((r) => r.here === 'yes');
    expect(here.length).toBe(1);
    expect(String(here[0]?.message)).toContain('a plain message, no user');
    expect(result.data.filter((r) => r.here === '').length).toBe(5);
    expect(result.meta.find((m) => m.name === 'none')?.type).toBe('String');
  });

  it('reads promoted tags from their columns: tags[environment] is environment, tags[sentry:release] is release', async () => {
    const result = await ok(
      `MATCH (events) SELECT environment, tags[environment] AS env, release, tags[sentry:release] AS rel, level, tags[level] AS lvl ${where(mine())}`,
      true,
    );
    expect(result.data.length).toBe(6);
    for (const row of result.data) {
      expect(row.env).toBe('seed');
      expect(row.env).toBe(row.environment);
      expect(row.rel).toBe('snql-seed@1.0.0');
      expect(row.lvl).toBe(row.level);
    }
    // Promoted keys never go through the tags arrays.
    expect(result.params?.map((p) => p.value)).not.toContain('environment');
    expect(result.params?.map((p) => p.value)).not.toContain('sentry:release');
  });

  it('returns user as NULL when the event has none, and the user tag otherwise', async () => {
    const result = await ok(
      `MATCH (events) SELECT message, user, user_id, email ${where(mine())} ORDER BY message ASC`,
    );
    // The SDK's captureMessage carries a synthetic exception: the title is its function, the message the text.
    const plain = result.data.filter((r) => String(r.message).includes('a plain message, no user'));
    expect(plain.length).toBe(1);
    expect(plain[0]?.user).toBeNull();
    const ada = result.data.filter((r) => r.user_id === 'u1');
    expect(ada.length).toBe(2);
    for (const row of ada) {
      expect(row.user).toBe('id:u1');
      expect(row.email).toBe('ada@example.com');
    }
    expect(result.meta.find((m) => m.name === 'user')?.type).toBe('Nullable(String)');
  });

  it('shows UUIDs as 32 hex digits and finds an event by id in either spelling', async () => {
    const result = await ok(`MATCH (events) SELECT event_id, primary_hash ${where(mine())}`);
    for (const row of result.data) {
      expect(row.event_id).toMatch(/^[0-9a-f]{32}$/);
      expect(row.primary_hash).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(new Set(result.data.map((r) => r.event_id))).toEqual(new Set(seeded.sdkEventIds));
    const id = seeded.sdkEventIds[0] ?? '';
    const dashed = `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
    for (const spelling of [id, dashed, dashed.toUpperCase()]) {
      const found = await ok(`MATCH (events) SELECT event_id ${where(` AND event_id = '${spelling}'`)}`);
      expect(found.data).toEqual([{ event_id: id }]);
    }
    const bad: SnqlResponse = await call('snql.query', {
      query: `MATCH (events) SELECT event_id ${where(" AND event_id = 'not-a-uuid'")}`,
    });
    expect('error' in bad && bad.error.errorClass).toBe('ColumnTypeError');
  });

  it('buckets the virtual time column by GRANULARITY', async () => {
    const total = await ok(`MATCH (events) SELECT count() AS c ${where()}`);
    const all = Number(total.data[0]?.c);
    expect(all).toBeGreaterThanOrEqual(6);
    for (const granularity of [60, 300, 3600, 86400]) {
      const result = await ok(
        `MATCH (events) SELECT count() AS c BY time ${where()} ORDER BY time ASC GRANULARITY ${granularity}`,
      );
      // Snuba buckets a day with toDate.
      expect(result.meta[0]).toEqual({ name: 'time', type: granularity === 86400 ? 'Date' : 'DateTime' });
      let sum = 0;
      for (const row of result.data) {
        const seconds = Date.parse(String(row.time)) / 1000;
        expect(String(row.time)).toMatch(/\+00:00$/);
        expect(seconds % granularity, `${row.time} on a ${granularity}s boundary`).toBe(0);
        sum += Number(row.c);
      }
      expect(sum).toBe(all);
    }
  });

  it('finds errors by level, by tag, by exception type, and counts users', async () => {
    const levels = await ok(
      `MATCH (events) SELECT count() AS c BY level ${where(mine())} ORDER BY level ASC`,
    );
    expect(levels.data).toEqual([
      { level: 'error', c: 3 },
      { level: 'fatal', c: 1 },
      { level: 'info', c: 1 },
      { level: 'warning', c: 1 },
    ]);
    const byTag = await ok(
      `MATCH (events) SELECT count() AS c BY tags[k8s-app] ${where(mine())} ORDER BY c DESC`,
    );
    expect(byTag.data).toContainEqual({ 'tags[k8s-app]': 'web', c: 2 });
    expect(byTag.data).toContainEqual({ 'tags[k8s-app]': 'worker', c: 1 });
    const types = await ok(
      `MATCH (events) SELECT count() AS c ${where(`${mine()} AND exception_stacks.type = 'PaymentError'`)}`,
    );
    expect(types.data).toEqual([{ c: 3 }]);
    const users = await ok(
      `MATCH (events) SELECT uniq(user) AS u, count() AS c BY user ${where(`${mine()} AND user IS NOT NULL`)} ORDER BY c DESC`,
    );
    expect(users.data).toEqual([
      { user: 'id:u1', u: 1, c: 2 },
      { user: 'id:u2', u: 1, c: 1 },
    ]);
    const arrayJoined = await ok(
      `MATCH (events) SELECT count() AS c BY exception_stacks.type ARRAY JOIN exception_stacks.type ${where(`${mine()} AND exception_stacks.type IS NOT NULL`)} ORDER BY c DESC`,
    );
    expect(arrayJoined.data).toEqual([
      { 'exception_stacks.type': 'PaymentError', c: 3 },
      { 'exception_stacks.type': 'TimeoutError', c: 1 },
    ]);
  });

  it('returns TOTALS and respects LIMIT, LIMIT BY and the 10000 limit', async () => {
    const totals = await ok(`MATCH (events) SELECT count() AS c BY level ${where(mine())} TOTALS true`);
    expect(totals.totals).toMatchObject({ c: 6, level: null });
    const limited = await ok(`MATCH (events) SELECT event_id ${where(mine())} LIMIT 2`);
    expect(limited.data.length).toBe(2);
    const limitBy = await ok(
      `MATCH (events) SELECT level, event_id ${where(mine())} ORDER BY level ASC LIMIT 1 BY level`,
    );
    expect(limitBy.data.map((r: SnqlRow) => r.level)).toEqual(['error', 'fatal', 'info', 'warning']);
    const tooMany: SnqlResponse = await call('snql.query', {
      query: `MATCH (events) SELECT event_id ${where()} LIMIT 10001`,
    });
    expect('error' in tooMany && tooMany.error).toMatchObject({
      type: 'invalid_query',
      code: 'limit_too_high',
    });
  });

  it('binds every literal as a parameter: quoting tricks are values, not SQL', async () => {
    const hostile = "x') OR 1=1; DROP TABLE errors; --";
    const query = `MATCH (events) SELECT count() AS c ${where(` AND message = '${hostile.replaceAll("'", "\\'")}' AND tags[zz.q-1] != 'z'`)}`;
    const result = await ok(query, true);
    expect(result.data).toEqual([{ c: 0 }]);
    expect(result.sql).not.toContain('DROP');
    expect(result.sql).not.toContain('zz.q-1');
    expect(result.params?.map((p) => p.value)).toEqual(expect.arrayContaining([hostile, 'zz.q-1', 'z']));
    // And the table is still there.
    expect((await ok(`MATCH (events) SELECT count() AS c ${where(mine())}`)).data).toEqual([{ c: 6 }]);
  });

  it('refuses hostile queries as invalid_query before any SQL runs', async () => {
    const hostile = [
      `MATCH (events) SELECT read_csv('/etc/passwd') AS x ${where()}`,
      `MATCH (events) SELECT count() ${where()}; DROP TABLE errors`,
      `ATTACH '/tmp/x.db' AS x`,
      `MATCH (events) SELECT count() ${where()} PRAGMA threads=1`,
      `COPY errors TO '/tmp/x.csv'`,
      `MATCH (events) SELECT "deleted" ${where()}`,
      `MATCH (events) SELECT getenv('HOME') AS h ${where()}`,
    ];
    for (const query of hostile) {
      const response: SnqlResponse = await call('snql.query', { query });
      expect('error' in response && response.error.type, query).toBe('invalid_query');
    }
  });

  it('queries the outcomes entity from the outcome counters', async () => {
    const { from, to } = seededWindow();
    const result = await ok(
      `MATCH (outcomes) SELECT sum(quantity) AS q BY outcome, category WHERE org_id = 1 AND project_id = ${seeded.projectId} AND timestamp >= toDateTime('${from}') AND timestamp < toDateTime('${to}') ORDER BY q DESC`,
    );
    const accepted = result.data.find((r) => r.outcome === 0 && r.category === 1);
    expect(Number(accepted?.q)).toBeGreaterThanOrEqual(6);
  });

  it('lists the tag keys present in the data for completion', async () => {
    const keys = await call('snql.tagKeys', { subscriptable: 'tags', projectId: seeded.projectId });
    expect(keys).toEqual(expect.arrayContaining(['marker', 'k8s-app', 'custom_tag', 'only_here']));
    expect(await call('snql.tagKeys', { subscriptable: 'tags', prefix: 'k8' })).toEqual(['k8s-app']);
    expect(await call('snql.tagKeys', { subscriptable: 'contexts' })).toEqual(
      expect.arrayContaining(['device.simulator']),
    );
  });

  it('exports a result as Parquet with the SnQL column names', async () => {
    const query = `MATCH (events) SELECT count() AS c BY level ${where(mine())} ORDER BY level ASC`;
    const response = await call('snql.export', { query, format: 'parquet' });
    if ('error' in response) throw new Error(response.error.message);
    const bytes = Buffer.from(response.base64, 'base64');
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const rows = await parquetReadObjects({ file });
    expect(rows.map((r) => [r.level, Number(r.c)])).toEqual([
      ['error', 3],
      ['fatal', 1],
      ['info', 1],
      ['warning', 1],
    ]);
    expect(response.rows).toBe(4);
  });

  it('saves, lists, renames and deletes queries', async () => {
    const saved = await call('snql.saved.save', {
      name: 'levels',
      query: 'MATCH (events) SELECT count() BY level',
    });
    expect((await call('snql.saved.list', {})).map((q) => q.name)).toContain('levels');
    const renamed = await call('snql.saved.save', { id: saved.id, name: 'by level', query: saved.query });
    expect(renamed).toMatchObject({ id: saved.id, name: 'by level' });
    expect(await call('snql.saved.delete', { id: saved.id })).toEqual({ deleted: true });
    expect((await call('snql.saved.list', {})).find((q) => q.id === saved.id)).toBeUndefined();
  });
  it('never shows soft-deleted rows (Snuba’s deleted = 0)', async () => {
    const before = await ok(
      `MATCH (events) SELECT count() AS c, any(group_id) AS g ${where(`${mine()} AND level = 'fatal'`)}`,
      true,
    );
    expect(before.data[0]?.c).toBe(1);
    expect(before.sql).toContain('"deleted" = 0');
    await seeded.core.ctx.pipeline.call('issues.delete', {
      projectId: seeded.projectId,
      groupIds: [Number(before.data[0]?.g)],
      discard: false,
    });
    const group = Number(before.data[0]?.g);
    const after = await ok(`MATCH (events) SELECT count() AS c ${where(` AND group_id = ${group}`)}`);
    expect(after.data).toEqual([{ c: 0 }]);
    const rest = await ok(`MATCH (events) SELECT count() AS c ${where(mine())}`);
    expect(Number(rest.data[0]?.c)).toBeGreaterThan(0);
  });
});
