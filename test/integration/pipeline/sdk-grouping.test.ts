import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { listOutcomes } from '../../../src-main/core/store/outcomes.ts';
import { callApi, startCore } from '../../support/core.ts';

const run = promisify(execFile);
const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'node-errors.ts');

let core: Core;
let dsn: string;
beforeAll(async () => {
  core = await startCore();
  dsn = core.ctx.projects.defaultDsn(1) ?? '';
});
afterAll(() => core?.close());

interface GroupRow {
  id: number;
  title: string;
  times_seen: number;
}

/** Runs a scenario of the real SDK and waits until the pipeline has processed what it sent. */
async function send(scenario: string): Promise<string[]> {
  const { stdout } = await run(process.execPath, [FIXTURE, dsn, scenario], { timeout: 30_000 });
  await core.ctx.pipeline.call('pipeline.drain', {});
  return stdout.trim().split('\n').filter(Boolean);
}

function groupsOf(eventIds: string[]): GroupRow[] {
  const marks = eventIds.map(() => '?').join(',');
  return core.ctx.db
    .prepare<unknown[], GroupRow>(
      `SELECT DISTINCT g.id, g.title, g.times_seen FROM events e JOIN groups g ON g.id = e.group_id WHERE e.event_id IN (${marks})`,
    )
    .all(...eventIds);
}

describe('grouping of real @sentry/node errors', () => {
  it('the same error from one call site with different numbers in the message is one issue', async () => {
    const ids = await send('numbers');
    expect(ids).toHaveLength(3);
    const groups = groupsOf(ids);
    expect(groups).toHaveLength(1);
    expect(groups[0]?.times_seen).toBe(3);
    expect(groups[0]?.title).toMatch(/^Error: Order \d+ failed/);
  });

  it('the same message from two call sites is two issues', async () => {
    const ids = await send('two-sites');
    expect(groupsOf(ids)).toHaveLength(2);
  });

  it("fingerprint ['x'] joins different errors into one issue", async () => {
    const ids = await send('fingerprint');
    const groups = groupsOf(ids);
    expect(groups).toHaveLength(1);
    expect(groups[0]?.times_seen).toBe(2);
  });

  it('a discarded issue stays discarded and its outcome is counted', async () => {
    const first = await send('discard-me');
    const [group] = groupsOf(first);
    expect(group).toBeDefined();
    await core.ctx.pipeline.call('issues.delete', { projectId: 1, groupIds: [group!.id], discard: true });
    const filteredBefore = discardedCount();

    const again = await send('discard-me');
    expect(groupsOf(again)).toHaveLength(0);
    expect(core.ctx.db.prepare('SELECT id FROM groups WHERE id = ?').get(group!.id)).toBeUndefined();
    expect(
      core.ctx.db.prepare('SELECT count(*) AS n FROM groups WHERE title LIKE ?').get('%Cache shard%'),
    ).toEqual({ n: 0 });
    expect(discardedCount()).toBe(filteredBefore + 1);
  });

  it('an unmerged hash becomes an issue named after its own events, not the issue it left', async () => {
    const [syntaxId, rangeId] = await send('unmerge');
    const [syntaxGroup] = groupsOf([syntaxId!]);
    const [rangeGroup] = groupsOf([rangeId!]);
    const { primaryId } = (await core.ctx.pipeline.call('issues.merge', {
      projectId: 1,
      groupIds: [syntaxGroup!.id, rangeGroup!.id],
    })) as { primaryId: number };
    expect(groupsOf([syntaxId!, rangeId!])).toHaveLength(1);
    // The hash of the event whose issue was merged away leaves again.
    const moved = primaryId === syntaxGroup!.id ? hashOf(rangeId!) : hashOf(syntaxId!);
    await core.ctx.pipeline.call('issues.unmerge', { projectId: 1, groupId: primaryId, hashes: [moved] });
    const [syntax] = groupsOf([syntaxId!]);
    const [range] = groupsOf([rangeId!]);
    expect(syntax?.title).toBe('SyntaxError: Unexpected token } in config');
    expect(range?.title).toBe('RangeError: User id out of range');
  });

  it('deleting an issue deletes its events’ attachments and feedback, keeping a file another event shares', async () => {
    const [deletedId, keptId] = await send('attachment-feedback');
    const [group] = groupsOf([deletedId!]);
    const attachments = () =>
      core.ctx.db
        .prepare<[], { event_id: string; sha256: string }>('SELECT event_id, sha256 FROM attachments')
        .all()
        .filter((row) => row.event_id === deletedId || row.event_id === keptId);
    const feedback = () =>
      core.ctx.db
        .prepare('SELECT count(*) AS n FROM item_store WHERE type = ? AND associated_event_id = ?')
        .get('feedback', deletedId);
    expect(attachments()).toHaveLength(2);
    expect(feedback()).toEqual({ n: 1 });
    const { sha256 } = attachments()[0]!;
    const file = path.join(core.ctx.dataDir, 'attachments', sha256.slice(0, 2), sha256.slice(2));

    await core.ctx.pipeline.call('issues.delete', { projectId: 1, groupIds: [group!.id], discard: false });
    expect(attachments().map((row) => row.event_id)).toEqual([keptId]);
    expect(feedback()).toEqual({ n: 0 });
    expect(fs.existsSync(file)).toBe(true);

    const [other] = groupsOf([keptId!]);
    await core.ctx.pipeline.call('issues.delete', { projectId: 1, groupIds: [other!.id], discard: false });
    expect(attachments()).toEqual([]);
    expect(fs.existsSync(file)).toBe(false);
  });
});

type Frame = { function?: string; module?: string; in_app?: boolean; data?: Record<string, unknown> };
type FrameComponent = { contributes: boolean; hint: string | null };

/** The event's first exception frames as stored, and the frame components of one grouping variant. */
async function framesAndComponents(eventId: string, variant: 'app' | 'system') {
  const { event } = await callApi(core, 'events.get', { projectId: 1, eventId });
  const frames = (event.exception as { values: { stacktrace: { frames: Frame[] } }[] }).values[0]!.stacktrace
    .frames;
  const grouping = await callApi(core, 'events.grouping', { projectId: 1, eventId });
  const components: FrameComponent[] = [];
  const collect = (component: unknown) => {
    if (typeof component !== 'object' || component === null) return;
    const { id: kind, values } = component as { id?: string; values?: unknown[] };
    if (kind === 'frame') components.push(component as FrameComponent);
    for (const value of values ?? []) collect(value);
  };
  collect((grouping.variants[variant] as { component: unknown }).component);
  return { event, frames, components, grouping };
}

describe('Node’s task-queue frames under Sentry’s stack trace rules', () => {
  const contributions = (components: FrameComponent[]) =>
    components.map((component) => [component.contributes, component.hint]);

  it('an error in a nextTick callback run from the timer loop: runNextTicks and processTicksAndRejections are left out of every hash, listOnTimeout and processTimers are not (Sentry has no rule for them), and the culprit is the app’s frame', async () => {
    const [id] = await send('task-queues');
    const { event, frames, components } = await framesAndComponents(id!, 'system');
    expect(frames.map((frame) => [frame.function, frame.in_app])).toEqual([
      ['process.processTimers', false],
      ['listOnTimeout', false],
      ['runNextTicks', false],
      ['processTicksAndRejections', false],
      ['onTick', true],
      ['capture', true],
      ['failOrderLater', true],
    ]);
    expect(contributions(components)).toEqual([
      [true, null],
      [true, null],
      [false, 'ignored by built-in stacktrace rule (function:runNextTicks -group)'],
      [false, 'ignored by built-in stacktrace rule (function:processTicksAndRejections -group)'],
      [true, null],
      [true, null],
      [true, null],
    ]);
    expect(event.culprit).toBe('failOrderLater(node-errors.ts)');
    const app = await framesAndComponents(id!, 'app');
    expect(app.components.map((component) => component.contributes)).toEqual([
      false,
      false,
      false,
      false,
      true,
      true,
      true,
    ]);
  });

  it('Node’s queueMicrotask throwing at a callback that is not a function is left out of every hash; the culprit is the app’s function that called it', async () => {
    const [, id] = await send('task-queues');
    const { event, frames, components } = await framesAndComponents(id!, 'system');
    expect(frames.at(-1)).toMatchObject({ function: 'queueMicrotask', in_app: false });
    expect(frames.at(-2)).toMatchObject({ function: 'scheduleRefresh', in_app: true });
    expect(contributions(components).at(-1)).toEqual([
      false,
      'ignored by built-in stacktrace rule (function:queueMicrotask -group)',
    ]);
    expect(event.culprit).toBe('scheduleRefresh(node-errors.ts)');
  });
});

function hashOf(eventId: string): string {
  return core.ctx.db
    .prepare<[string], { primary_hash: string }>('SELECT primary_hash FROM events WHERE event_id = ?')
    .get(eventId)!.primary_hash;
}

function discardedCount(): number {
  return listOutcomes(core.ctx.db, { projectId: 1 })
    .filter((row) => row.outcome === 'filtered' && row.reason === 'discarded-hash')
    .reduce((sum, row) => sum + row.quantity, 0);
}
