import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { sendEnvelope, startCore } from '../../support/core.ts';

const GROUPING = path.resolve(import.meta.dirname, '../../../../shared/corpus/grouping');

interface GroupingCase {
  name: string;
  event: Record<string, unknown>;
  hashes: string[];
}

function cases(file: string): Map<string, GroupingCase> {
  const lines = fs.readFileSync(path.join(GROUPING, file), 'utf8').split('\n').filter(Boolean);
  return new Map(lines.map((line) => JSON.parse(line) as GroupingCase).map((c) => [c.name, c]));
}

/** A corpus event that Sentry hashes differently under the two configs (and that needs no project rules). */
function eventWithDifferentHashes():
  | { event: Record<string, unknown>; old: string[]; current: string[] }
  | undefined {
  const current = cases('grouping_cases.jsonl');
  const old = cases('grouping_cases_2023.jsonl');
  for (const [name, now] of current) {
    const before = old.get(name);
    if (!before || now.hashes.length === 0 || before.hashes.length === 0) continue;
    if ('_grouping' in now.event || '_fingerprinting_rules' in now.event) continue;
    if (before.hashes.some((hash) => now.hashes.includes(hash))) continue;
    return { event: now.event, old: before.hashes, current: now.hashes };
  }
  return undefined;
}

const present = fs.existsSync(path.join(GROUPING, 'grouping_cases.jsonl'));
if (!present) console.warn(`skipping the config transition test: no grouping corpus at ${GROUPING}`);

let core: Core;
beforeAll(async () => {
  core = await startCore();
});
afterAll(() => core?.close());

async function send(event: Record<string, unknown>): Promise<string> {
  const eventId = crypto.randomBytes(16).toString('hex');
  const body = `${JSON.stringify({ event_id: eventId })}\n{"type":"event"}\n${JSON.stringify({ ...event, event_id: eventId })}`;
  await sendEnvelope(core, body);
  return eventId;
}

function groupOf(eventId: string): number | undefined {
  return core.ctx.db
    .prepare<[string], { group_id: number }>('SELECT group_id FROM events WHERE event_id = ?')
    .get(eventId)?.group_id;
}

function hashesOf(groupId: number): { hash: string; config: string }[] {
  return core.ctx.db
    .prepare<[number], { hash: string; config: string }>(
      'SELECT hash, config FROM group_hashes WHERE group_id = ? ORDER BY hash',
    )
    .all(groupId);
}

it.skipIf(!present)(
  'a project upgraded from newstyle:2023-01-11 keeps its issues: the old hashes match during the transition',
  async () => {
    const sample = eventWithDifferentHashes();
    expect(sample, 'the corpus has an event whose hashes differ between the configs').toBeDefined();
    const { event, old, current } = sample!;
    core.ctx.db
      .prepare('UPDATE projects SET options = ? WHERE id = 1')
      .run(JSON.stringify({ groupingConfig: 'newstyle:2023-01-11' }));

    const first = groupOf(await send(event));
    expect(first).toBeDefined();
    expect(
      hashesOf(first!)
        .map((row) => row.hash)
        .sort(),
    ).toEqual([...old].sort());

    // Grouping an event upgraded the project, as Sentry's update_grouping_config_if_needed does.
    const options = JSON.parse(
      core.ctx.db.prepare<[], { options: string }>('SELECT options FROM projects WHERE id = 1').get()!
        .options,
    );
    expect(options).toMatchObject({
      groupingConfig: 'newstyle:2026-01-20',
      secondaryGroupingConfig: 'newstyle:2023-01-11',
    });
    expect(options.secondaryGroupingExpiry).toBeGreaterThan(Date.now());

    // The same error under the new config: its new hashes find nothing, its old ones find the issue.
    const second = groupOf(await send(event));
    expect(second).toBe(first);
    const linked = hashesOf(first!);
    for (const hash of current) expect(linked).toContainEqual({ hash, config: 'newstyle:2026-01-20' });
    expect(
      core.ctx.db
        .prepare<[number], { n: number }>('SELECT times_seen AS n FROM groups WHERE id = ?')
        .get(first!),
    ).toEqual({ n: 2 });
  },
);
