/**
 * Datasets in and out (`export.*` and `import.*` methods): what the Export page, `faultline export`
 * and `faultline import` send and receive. An export runs in the background and reports progress
 * as `export.progress` live events; an import is a session fed with chunks of a file.
 */
import { z } from 'zod';
import type { ErrorPayload } from './errors.ts';

export const EXPORT_FORMATS = ['jsonl', 'csv', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Epoch milliseconds or an ISO 8601 date-time with an offset. */
const timeBound = z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true })]);

/**
 * Which events: the events of a project (or of every project) in a time range, narrowed to one
 * issue, to the issues and events an issue search matches, or given by a SnQL query instead.
 */
export const exportSelectionSchema = z
  .object({
    projectId: z.number().int().positive().optional(),
    since: timeBound.optional(),
    until: timeBound.optional(),
    /** An issue's short id (`PROJ-1A`) or its numeric group id. */
    issue: z.string().min(1).max(200).optional(),
    /** Sentry's issue search syntax (`is:unresolved browser:Chrome`). */
    search: z.string().max(10_000).optional(),
    /** A SnQL query: its result rows are the export (JSONL needs `event_id` and `project_id`). */
    snql: z.string().min(1).max(200_000).optional(),
  })
  .strict()
  .refine((s) => [s.issue, s.search, s.snql].filter((v) => v !== undefined).length <= 1, {
    message: 'give at most one of issue, search and snql',
  });
export type ExportSelection = z.output<typeof exportSelectionSchema>;

export const exportRequestSchema = z
  .object({
    selection: exportSelectionSchema,
    format: z.enum(EXPORT_FORMATS),
    /** Parquet only: add the full event JSON as an `event` column. */
    includeEvent: z.boolean().optional(),
  })
  .strict();
export type ExportRequest = z.output<typeof exportRequestSchema>;

export type ExportState = 'running' | 'done' | 'failed' | 'cancelled';

export interface ExportProgress {
  exportId: string;
  format: ExportFormat;
  state: ExportState;
  /** Rows written so far. */
  rows: number;
  /** Rows the selection holds, once counted. */
  total: number | null;
  /** The file's name once complete (in the data dir's `exports/` folder for the server). */
  file: string | null;
  /** The file's size once complete. */
  bytes: number | null;
  error: ErrorPayload | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface ExportChunk {
  base64: string;
  offset: number;
  /** The file's size. */
  size: number;
  eof: boolean;
}

/** Bytes one `export.read` or `import.chunk` carries at most (the RPC takes 1 MB of params). */
export const TRANSFER_CHUNK_BYTES = 512 * 1024;

const exportId = z.string().regex(/^[0-9a-f]{16}$/);
const importId = z.string().regex(/^[0-9a-f]{16}$/);

export const exportParams = {
  start: exportRequestSchema,
  status: z.object({ exportId }).strict(),
  list: z.object({}).strict(),
  cancel: z.object({ exportId }).strict(),
  read: z
    .object({
      exportId,
      offset: z.number().int().nonnegative(),
      length: z.number().int().min(1).max(TRANSFER_CHUNK_BYTES).optional(),
    })
    .strict(),
};

/** What a line (or a whole file) of an import turned out to be. */
export type ImportSourceFormat = 'sentry-event' | 'envelope' | 'snuba-insert' | 'faultline-export';

export interface ImportSkip {
  /** 1-based line number in the file (1 for a whole-file source). */
  line: number;
  reason: string;
}

export interface ImportReport {
  importId: string;
  name: string;
  /** Lines (or documents) read. */
  lines: number;
  /** Envelopes handed to the pipeline. */
  queued: number;
  /** Lines that were skipped, by line number (the first 1000). */
  skipped: ImportSkip[];
  skippedCount: number;
  /** How many sources of each format were queued. */
  formats: Partial<Record<ImportSourceFormat, number>>;
  /** Set by `import.end`: everything queued went through the pipeline. */
  done: boolean;
}

export const importParams = {
  begin: z
    .object({
      /** Every event goes to this project; else to the project the source names, else project 1. */
      projectId: z.number().int().positive().optional(),
      /** The file name (`.envelope` files are read as one envelope). */
      name: z.string().min(1).max(1000),
    })
    .strict(),
  chunk: z
    .object({
      importId,
      /** The next bytes of the file; a chunk may end in the middle of a line. */
      base64: z.string().max(Math.ceil((TRANSFER_CHUNK_BYTES * 4) / 3) + 4),
    })
    .strict(),
  end: z.object({ importId }).strict(),
};
