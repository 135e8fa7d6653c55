/**
 * The settings of one data dir (SQLite table `settings`) and the data-management API around them:
 * what the Settings page reads and changes, and what the retention sweep obeys.
 */
import { z } from 'zod';

export const SETTINGS_LIMITS = {
  minRetentionDays: 1,
  /** Sentry's longest event retention (90 days on paid plans); a laptop keeps up to a year. */
  maxRetentionDays: 365,
  /** Below this a single minidump could not be kept. */
  minSizeBytes: 1024 * 1024,
  maxSizeBytes: 1024 ** 4,
  maxEditorCommandLength: 1000,
  /** Sentry's action intervals of an issue alert rule ("perform actions at most once every …"), in minutes. */
  alertFrequencyMinutes: [5, 10, 30, 60, 180, 720, 1440, 10080, 43200],
} as const;

/**
 * The intervals of Sentry's event frequency conditions (`STANDARD_INTERVALS` of
 * `sentry/rules/conditions/event_frequency.py`): the key, Sentry's label, and the length.
 */
export const FREQUENCY_INTERVALS = {
  '1m': { label: 'one minute', ms: 60_000 },
  '5m': { label: '5 minutes', ms: 5 * 60_000 },
  '15m': { label: '15 minutes', ms: 15 * 60_000 },
  '1h': { label: 'one hour', ms: 3_600_000 },
  '1d': { label: 'one day', ms: 86_400_000 },
  '1w': { label: 'one week', ms: 7 * 86_400_000 },
  '30d': { label: '30 days', ms: 30 * 86_400_000 },
} as const;
export type FrequencyInterval = keyof typeof FREQUENCY_INTERVALS;
const INTERVAL_KEYS = Object.keys(FREQUENCY_INTERVALS) as [FrequencyInterval, ...FrequencyInterval[]];

/**
 * One frequency condition of an issue alert: it passes when the issue's events (or their distinct
 * users) in the trailing `interval` are more than `value`.
 */
export interface FrequencyAlert {
  enabled: boolean;
  value: number;
  interval: FrequencyInterval;
}

/** Sentry's default rule frequency (`Rule.DEFAULT_FREQUENCY`): actions at most once in 30 minutes per issue. */
export const DEFAULT_ALERT_FREQUENCY_MINUTES = 30;

export interface Settings {
  /** The port of ingest, API and UI; read at start, so a change takes effect on restart. */
  port: number;
  /** Events older than this many days are deleted (Sentry's event retention; default 30). */
  retentionDays: number;
  /** Above this many bytes of stored data, the oldest events are deleted. */
  maxSizeBytes: number;
  /** Desktop only: a native notification when an issue is new or regresses. Opt-in. */
  notifyNewIssues: boolean;
  /** Sentry's `EventFrequencyCondition`: "the issue is seen more than {value} times in {interval}". */
  alertEventFrequency: FrequencyAlert;
  /** Sentry's `EventUniqueUserFrequencyCondition`: "seen by more than {value} users in {interval}". */
  alertUniqueUserFrequency: FrequencyAlert;
  /** Each frequency alert tells an issue at most once in this many minutes (Sentry's rule `frequency`). */
  alertFrequencyMinutes: number;
  /**
   * "Open in editor" runs this command, e.g. `code -g {file}:{line}:{column}`; empty = off.
   * Split into words first (quotes group a word), then `{file}`, `{line}` and `{column}` are
   * replaced inside each word; it runs without a shell. Without `{file}`, the file is appended.
   */
  editorCommand: string;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  port: 8969,
  retentionDays: 30,
  maxSizeBytes: 10 * 1024 ** 3,
  notifyNewIssues: false,
  alertEventFrequency: { enabled: false, value: 100, interval: '1h' },
  alertUniqueUserFrequency: { enabled: false, value: 100, interval: '1h' },
  alertFrequencyMinutes: DEFAULT_ALERT_FREQUENCY_MINUTES,
  editorCommand: '',
};

const frequencyAlertSchema = z
  .object({
    enabled: z.boolean(),
    value: z.number().int().min(0).max(1_000_000_000),
    interval: z.enum(INTERVAL_KEYS),
  })
  .strict();

export const settingsSchema = z.object({
  port: z.number().int().min(1).max(65535),
  retentionDays: z.number().int().min(SETTINGS_LIMITS.minRetentionDays).max(SETTINGS_LIMITS.maxRetentionDays),
  maxSizeBytes: z.number().int().min(SETTINGS_LIMITS.minSizeBytes).max(SETTINGS_LIMITS.maxSizeBytes),
  notifyNewIssues: z.boolean(),
  alertEventFrequency: frequencyAlertSchema,
  alertUniqueUserFrequency: frequencyAlertSchema,
  alertFrequencyMinutes: z
    .number()
    .int()
    .refine((minutes) => (SETTINGS_LIMITS.alertFrequencyMinutes as readonly number[]).includes(minutes), {
      message: `one of ${SETTINGS_LIMITS.alertFrequencyMinutes.join(', ')} minutes`,
    }),
  editorCommand: z.string().trim().max(SETTINGS_LIMITS.maxEditorCommandLength),
});

export const settingsPatchSchema = settingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** What the data dir holds now, in bytes; deleted rows no longer count. */
export interface DataUsage {
  /** Pages of the SQLite file in use (queue, issues, events' JSON, outcomes …). */
  sqliteBytes: number;
  /** The DuckDB event index, scaled to its live rows. */
  eventIndexBytes: number;
  /** Attachment files still referenced. */
  attachmentBytes: number;
  /** What the size limit is held to: the three above. */
  totalBytes: number;
  /**
   * What the data dir's files take on disk (with the databases' free pages and write-ahead logs,
   * the ingest queue, exports): what `du` shows. Deleting events frees pages inside the files for
   * new events to reuse; the files do not shrink, so this stays above `totalBytes`.
   */
  diskBytes: number;
  events: number;
  oldestEvent: string | null;
}

export interface SettingsView {
  settings: Settings;
  dataDir: string;
  /** The port this process listens on; differs from `settings.port` until a restart. */
  activePort: number;
  /** True when a changed setting waits for a restart (the port). */
  restartRequired: boolean;
  usage: DataUsage | null;
}

export interface RetentionResult {
  /** Events deleted because they were older than the retention days. */
  expiredEvents: number;
  /** Events deleted, oldest first, because the data was over the size limit. */
  evictedEvents: number;
  /** Issues left without events, deleted. */
  deletedGroups: number;
  /** Issues whose counts were recomputed. */
  recountedGroups: number;
  /** Other items (transactions, logs, feedback …) deleted. */
  deletedItems: number;
  deletedAttachmentFiles: number;
  usage: DataUsage;
}

export interface ClearResult {
  deletedEvents: number;
  deletedGroups: number;
}

export interface SampleEventResult {
  eventId: string;
  projectId: number;
}

export const settingsParams = {
  get: z.object({}).strict(),
  update: settingsPatchSchema,
  clear: z.object({ confirm: z.literal(true) }).strict(),
  sample: z.object({ projectId: z.number().int().positive() }).strict(),
  /**
   * A frame named by where it is in the stored event, never by a path: the core reads the path
   * from the event itself, so a page cannot make it open (or run) anything else.
   */
  openInEditor: z
    .object({
      projectId: z.number().int().positive(),
      eventId: z.string().min(1).max(64),
      exceptionIndex: z.number().int().nonnegative(),
      frameIndex: z.number().int().nonnegative(),
    })
    .strict(),
};

export interface OpenInEditorResult {
  file: string;
  line: number;
  column: number;
}
