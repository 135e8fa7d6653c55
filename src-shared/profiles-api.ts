/**
 * Profiles, as Sentry's Profiling page and its flame graph show them: a transaction's profile (sample
 * format v1, a `profile` item sent with the transaction) or the samples of a continuous profiler
 * (sample format v2, `profile_chunk` items sharing a `profiler_id`, which a transaction names in
 * `contexts.profile.profiler_id`) over a transaction's time span; and a transaction's profiles merged into
 * one aggregate. Params schemas and result types of `profiles.list`, `profiles.get` and `profiles.aggregate`.
 */
import { z } from 'zod';
import { STATS_PERIODS } from './issues-api.ts';
import { DEFAULT_PERFORMANCE_PERIOD } from './performance-api.ts';

/** Profile items (and profiled transactions) read for one list at most: the read runs on the main thread. */
export const MAX_PROFILES_SCANNED = 200;

/**
 * Which profile: a transaction's own (v1, by its profile id), or a continuous profiler's samples
 * between two times (v2, by its profiler id: a transaction's start and end).
 */
export type ProfileRef =
  | { kind: 'transaction'; profileId: string }
  | { kind: 'continuous'; profilerId: string; start: string; end: string };

/** A profile as the Profiles page lists it. */
export interface ProfileSummary {
  ref: ProfileRef;
  projectId: number;
  /** The profiled transaction's name and event id, when known. */
  transactionName: string | null;
  transactionId: string | null;
  traceId: string | null;
  platform: string | null;
  /** ISO 8601: when the profiled transaction started. */
  timestamp: string;
  durationMs: number;
  /** Samples of every thread within the transaction. */
  samples: number;
}

export interface ProfileList {
  /** Newest first. */
  profiles: ProfileSummary[];
  /** The read stopped at `MAX_PROFILES_SCANNED` items: older profiles were not read. */
  partial: boolean;
}

/** A frame of the call tree, as the profile names it. */
export interface ProfileFrame {
  name: string;
  /** Its file (`abs_path`, `filename` or `module`), when the profile says. */
  file: string | null;
  line: number | null;
  column: number | null;
  /** The SDK's `in_app`, or Sentry's reading of the path when it sent none. */
  inApp: boolean;
}

/**
 * A node of the call tree: one frame called along one path. Nodes are listed depth first (a parent
 * before its children, children by total time, largest first), each naming its parent's index.
 */
export interface CallTreeNode {
  /** Index in `frames`. */
  frame: number;
  /** Index of the parent node, -1 for a root (a frame at the bottom of a stack). */
  parent: number;
  depth: number;
  /** Samples whose stack passes through this node (total), or ends at it (self). */
  totalSamples: number;
  selfSamples: number;
  /** The time those samples stand for, in milliseconds. */
  totalMs: number;
  selfMs: number;
}

export interface CallTree {
  frames: ProfileFrame[];
  nodes: CallTreeNode[];
  /** Every sample of the thread, and their time (the flame graph's whole width). */
  samples: number;
  durationMs: number;
  /**
   * What a box's width stands for: its time (one profile), or its samples (an aggregate of profiles
   * sampled at different times, as Sentry's aggregate flame graph counts them).
   */
  weight: 'time' | 'samples';
}

/** A thread with samples in the profile. */
export interface ProfileThread {
  id: string;
  name: string | null;
  samples: number;
}

export interface ProfileDetail {
  summary: ProfileSummary;
  threads: ProfileThread[];
  /** The thread shown: the one asked for, else the profile's active (main) thread. */
  threadId: string;
  tree: CallTree;
}

/** Profiles merged into one transaction's aggregate flame graph at most: the newest ones. */
export const MAX_AGGREGATED_PROFILES = 30;

/**
 * The aggregate flame graph of a transaction, as the Profiles tab of Sentry's transaction summary:
 * the call trees of its newest profiles (each profile's main thread) merged into one.
 */
export interface AggregateProfile {
  tree: CallTree;
  /** The profiles merged, newest first. */
  profiles: ProfileSummary[];
  /** More of the period's transactions had a profile than `MAX_AGGREGATED_PROFILES`, or older ones were not read. */
  partial: boolean;
}

const projectId = z.number().int().positive();
const hex32 = (what: string) =>
  z
    .string()
    .transform((value) => value.replaceAll('-', '').toLowerCase())
    .pipe(z.string().regex(/^[0-9a-f]{32}$/, `a ${what} is 32 hex digits`));

export const profileParams = {
  list: z
    .object({
      projectId,
      limit: z.number().int().min(1).max(500).default(100),
    })
    .strict(),
  /** A transaction's profile by its id, or a profiler's samples between `start` and `end`. */
  get: z
    .object({
      projectId,
      profileId: hex32('profile id').optional(),
      profilerId: hex32('profiler id').optional(),
      start: z.iso.datetime({ offset: true }).optional(),
      end: z.iso.datetime({ offset: true }).optional(),
      /** The thread to show (its id as the profile has it); the active thread by default. */
      threadId: z.string().min(1).max(64).optional(),
    })
    .strict()
    .refine((p) => (p.profileId === undefined) !== (p.profilerId === undefined), {
      message: 'name the profile by profileId, or a profiler by profilerId with start and end',
    })
    .refine((p) => p.profilerId === undefined || (p.start !== undefined && p.end !== undefined), {
      message: 'a profiler needs start and end (the transaction it profiled)',
    }),
  /** The aggregate of the period's newest profiles of one transaction name. */
  aggregate: z
    .object({
      projectId,
      transaction: z.string().min(1).max(1_000),
      period: z.enum(STATS_PERIODS).default(DEFAULT_PERFORMANCE_PERIOD),
    })
    .strict(),
};
