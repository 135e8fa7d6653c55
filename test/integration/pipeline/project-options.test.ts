import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_GROUPING_CONFIG } from '../../../src-main/core/grouping/index.ts';
import {
  GROUPING_TRANSITION_MS,
  groupingPolicyFor,
  upgradeGroupingConfigIfNeeded,
} from '../../../src-main/core/pipeline/project-options.ts';
import { openSqlite, type SqliteDb } from '../../../src-main/core/store/sqlite.ts';
import { tempDir } from '../../support/serve.ts';

const OLD = 'newstyle:2023-01-11';
let db: SqliteDb;

const options = () =>
  JSON.parse(
    db.prepare<[], { options: string }>('SELECT options FROM projects WHERE id = 1').get()?.options ?? '{}',
  ) as Record<string, unknown>;
const setOptions = (value: Record<string, unknown>) =>
  db.prepare('UPDATE projects SET options = ? WHERE id = 1').run(JSON.stringify(value));

beforeEach(() => {
  db = openSqlite(tempDir());
  db.prepare("INSERT INTO projects (id, slug, name, created_at) VALUES (1, 'default', 'Default', 0)").run();
});
afterEach(() => db.close());

describe('the grouping config upgrade after a batch', () => {
  it('moves an old config to the secondary, and keeps an option written after the options were cached', () => {
    setOptions({ groupingConfig: OLD });
    const now = Date.now();
    // The pipeline reads (and caches) the options as it groups the batch…
    expect(groupingPolicyFor(db, 1, now).config).toBe(OLD);
    // …meanwhile the user sets a rate limit through the API…
    setOptions({ groupingConfig: OLD, rateLimit: { limit: 5, window: 60, categories: [] } });
    // …and the upgrade after the batch must not write the cached options back over it.
    expect(upgradeGroupingConfigIfNeeded(db, 1, now)).toBe(true);
    expect(options()).toEqual({
      groupingConfig: DEFAULT_GROUPING_CONFIG,
      secondaryGroupingConfig: OLD,
      secondaryGroupingExpiry: now + GROUPING_TRANSITION_MS,
      rateLimit: { limit: 5, window: 60, categories: [] },
    });
    expect(upgradeGroupingConfigIfNeeded(db, 1, now)).toBe(false);
  });

  it('changes nothing when the config was changed since it was read', () => {
    setOptions({ groupingConfig: OLD });
    const now = Date.now();
    groupingPolicyFor(db, 1, now);
    setOptions({ groupingConfig: DEFAULT_GROUPING_CONFIG });
    expect(upgradeGroupingConfigIfNeeded(db, 1, now)).toBe(false);
    expect(options()).toEqual({ groupingConfig: DEFAULT_GROUPING_CONFIG });
  });
});

describe("the project's grouping rules in its grouping policy", () => {
  it('are passed on when set and parsing, and left out when a stored text does not parse', () => {
    setOptions({ fingerprintingRules: 'error.type:TypeError -> type-errors', groupingEnhancements: '  ' });
    expect(groupingPolicyFor(db, 1, 1)).toEqual({
      config: DEFAULT_GROUPING_CONFIG,
      fingerprintingRules: 'error.type:TypeError -> type-errors',
    });
    // Written by hand (the API refuses it): applied as no rules, as Sentry does, so events still group.
    setOptions({
      fingerprintingRules: 'error.type:TypeError type-errors',
      groupingEnhancements: 'app:no -group',
    });
    expect(groupingPolicyFor(db, 1, 2000)).toEqual({
      config: DEFAULT_GROUPING_CONFIG,
      enhancements: 'app:no -group',
    });
  });
});
