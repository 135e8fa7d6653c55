/**
 * Settings in the SQLite `settings` table, one row per key with a JSON value. A stored value that
 * no longer validates (an older version wrote it, or a hand edit) falls back to its default
 * instead of stopping the app.
 */
import { FaultlineError } from '../../../src-shared/errors.ts';
import {
  DEFAULT_SETTINGS,
  type Settings,
  type SettingsPatch,
  settingsPatchSchema,
  settingsSchema,
} from '../../../src-shared/settings-api.ts';
import { prepareDataDir } from '../store/data-dir-access.ts';
import { openSqlite, type SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';

const KEYS = Object.keys(DEFAULT_SETTINGS) as Array<keyof Settings>;

export function readSettings(db: SqliteDb): Settings {
  const rows = stmt<[], { key: string; value: string }>(db, 'SELECT key, value FROM settings').all();
  const stored = new Map(rows.map((row) => [row.key, row.value]));
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const key of KEYS) {
    const raw = stored.get(key);
    if (raw === undefined) continue;
    try {
      const parsed = settingsSchema.shape[key].safeParse(JSON.parse(raw));
      if (parsed.success) settings[key] = parsed.data;
    } catch {
      // Not JSON: keep the default.
    }
  }
  return settings as unknown as Settings;
}

/** Validates and stores the given keys; returns every setting after the change. */
export function writeSettings(db: SqliteDb, patch: SettingsPatch): Settings {
  const parsed = settingsPatchSchema.safeParse(patch);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FaultlineError(
      'invalid_params',
      `invalid setting ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const upsert = stmt(
    db,
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  db.transaction(() => {
    for (const [key, value] of Object.entries(parsed.data)) {
      if (value !== undefined) upsert.run(key, JSON.stringify(value));
    }
  })();
  return readSettings(db);
}

/**
 * The settings of a data dir before the core starts (the desktop app needs the port to listen
 * on). Opens and closes its own connection.
 */
export function readSettingsOf(dataDir: string): Settings {
  // It opens the file for writing (a new data dir gets its migrations): one that cannot be written
  // is said so here, as the core's start says it, not in SQLite's words.
  prepareDataDir(dataDir);
  const db = openSqlite(dataDir);
  try {
    return readSettings(db);
  } finally {
    db.close();
  }
}
