/**
 * A project's first event (Sentry's `Project.first_event`, on every projects.list, which the UI asks
 * for again after each batch of events) is found by one index seek per project. It read every
 * outcome ever counted, which are kept as long as the data dir (~40-130 ms over a year of counters).
 */
import { expect, it } from 'vitest';
import { OutcomeStore } from '../../../src-main/core/store/outcomes.ts';
import { ProjectStore } from '../../../src-main/core/store/projects.ts';
import { openSqlite } from '../../../src-main/core/store/sqlite.ts';
import { tempDir } from '../../support/serve.ts';
import { queryPlansOf } from '../../support/sql-plans.ts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 1);

it('gives each project the hour of its first accepted error, default or security event, read by one seek per project', () => {
  const db = openSqlite(tempDir());
  const projects = new ProjectStore(db, () => 'http://127.0.0.1:1');
  projects.ensureDefaultProject();
  const web = projects.create({ name: 'Web' });
  const tracing = projects.create({ name: 'Tracing only' });
  const outcomes = new OutcomeStore(db);
  const count = (projectId: number, hour: number, category: string, outcome: 'accepted' | 'filtered') =>
    outcomes.record({ projectId, outcome, reason: '', category, quantity: 1, timestamp: T0 + hour * HOUR });
  // Before their first accepted error: transactions, sessions and filtered errors.
  for (let hour = 0; hour < 50; hour++) {
    count(1, hour, 'transaction', 'accepted');
    count(1, hour, 'error', 'filtered');
    count(web.id, hour, 'session', 'accepted');
    count(tracing.id, hour, 'span', 'accepted');
  }
  count(1, 30, 'error', 'accepted');
  count(1, 40, 'error', 'accepted');
  count(web.id, 45, 'security', 'accepted');
  count(web.id, 47, 'error', 'accepted');
  outcomes.flush();

  const firstEvents = Object.fromEntries(projects.list().map((p) => [p.id, p.firstEvent]));
  expect(firstEvents).toEqual({
    1: new Date(T0 + 30 * HOUR).toISOString(),
    [web.id]: new Date(T0 + 45 * HOUR).toISOString(),
    [tracing.id]: null,
  });
  const outcomeReads = queryPlansOf(db, (spy) =>
    new ProjectStore(spy, () => 'http://127.0.0.1:1').list(),
  ).filter((line) => /\b(SCAN|SEARCH) o(utcomes)?\b/.test(line));
  expect(outcomeReads).toEqual([
    expect.stringMatching(
      /^SEARCH o USING COVERING INDEX outcomes_first_event \(project_id=\? AND outcome=\? AND category=\?\)/,
    ),
  ]);
});
