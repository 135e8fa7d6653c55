/**
 * Release health, as Sentry's Releases page shows it: per release of a project, when it was first
 * and last seen, its new issues, its error events, and its sessions (`session` updates and
 * `sessions` aggregates) broken down by status, with the crash-free rates and its adoption. Params
 * schema and result type of `releases.health`.
 */
import { z } from 'zod';

/**
 * Stored session items read at most, newest first. The read runs on the main thread, which also
 * answers SDKs: a project that sent a session per request must not hold it for seconds.
 */
export const MAX_SESSION_ITEMS_SCANNED = 5_000;

/** Sessions by their final status (Sentry's `session.status`): each `sid` once, aggregates by their counts. */
export interface SessionBreakdown {
  total: number;
  /** Ended (or still running) without an error. */
  healthy: number;
  /** Had errors (or ended `errored` / `unhandled`) but did not crash. */
  errored: number;
  crashed: number;
  abnormal: number;
}

export interface ReleaseHealth {
  version: string;
  /** ISO 8601: when an event first named it, or its earliest session started. */
  firstSeen: string;
  /** ISO 8601: its latest error event or session update. */
  lastSeen: string;
  /** Issues whose first event was in this release. */
  newIssues: number;
  /** Error events in the event index; null when the index could not be read. */
  events: number | null;
  sessions: SessionBreakdown;
  /** Distinct `did`s, and those with a crashed session. */
  users: { total: number; crashed: number };
  /** Percent, 1 − crashed / total; null without sessions. */
  crashFreeSessions: number | null;
  /** Percent of users none of whose sessions crashed; null without users. */
  crashFreeUsers: number | null;
  adoption: ReleaseAdoption;
}

/**
 * Sentry's release adoption: the release's share of the project's sessions (`sessions_adoption`) and
 * distinct users (`adoption`) whose sessions started in the last 24 hours, in percent; null when the
 * release had none then.
 */
export interface ReleaseAdoption {
  sessions: number | null;
  users: number | null;
  sessions24h: number;
  users24h: number;
}

export interface ReleaseHealthList {
  /** Newest first by first seen. */
  releases: ReleaseHealth[];
  /** Only the newest `MAX_SESSION_ITEMS_SCANNED` session items were read: older sessions are not counted. */
  partial: boolean;
}

export const releaseHealthParams = z
  .object({
    projectId: z.number().int().positive(),
    /** A case-insensitive substring of the version. */
    query: z.string().max(200).default(''),
    limit: z.number().int().min(1).max(500).default(50),
  })
  .strict();
