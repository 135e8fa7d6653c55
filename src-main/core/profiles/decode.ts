/**
 * Reading a profile item as Relay's `relay-profiling` reads one: sample format v1 (a `profile` item,
 * `version: "1"`, bound to one transaction by `transaction` or the first of `transactions`, samples at
 * `elapsed_since_start_ns`) and v2 (a `profile_chunk` of a continuous profiler, `profiler_id` and
 * `chunk_id`, samples at `timestamp` in seconds since the epoch). Both have `profile.samples` naming a
 * stack, stacks listing frame indexes leaf first, and frames. What Relay refuses is refused here with
 * its discard reason (`profiling_malformed_samples` …) and a message saying where.
 */
import { FaultlineError } from '../../../src-shared/errors.ts';
import type { ProfileFrame } from '../../../src-shared/profiles-api.ts';
import { epochMillis, type Json, obj, text } from '../store/item-json.ts';

/** A profile Relay would refuse: `reason` is its discard reason (an `invalid` outcome's). */
export class ProfileError extends FaultlineError {
  readonly reason: string;

  constructor(reason: string, message: string) {
    super('invalid_params', `${message} (${reason})`);
    this.name = 'ProfileError';
    this.reason = reason;
  }
}

/** Relay's `MAX_PROFILE_DURATION`: a transaction's profile samples at most 30 s. */
const MAX_V1_DURATION_NS = 30e9;

export interface DecodedSample {
  stackId: number;
  threadId: string;
  /** Milliseconds: since the profile started (v1), or since the epoch (v2). */
  at: number;
}

/** The transaction a v1 profile is bound to (Relay's `TransactionMetadata`). */
export interface ProfiledTransaction {
  id: string;
  name: string;
  traceId: string;
  activeThreadId: string | null;
  relativeStartMs: number;
  relativeEndMs: number;
}

export interface DecodedProfile {
  version: '1' | '2';
  platform: string;
  /** v1: the profile's id (`event_id` / `profile_id`); v2: the chunk's id. */
  id: string | null;
  /** v2: the continuous profiler's id. */
  profilerId: string | null;
  /** v1: when the profile started (milliseconds since the epoch). */
  startedAt: number | null;
  transaction: ProfiledTransaction | null;
  frames: ProfileFrame[];
  /** Frame indexes, leaf first, as sent. */
  stacks: number[][];
  samples: DecodedSample[];
  threadNames: Map<string, string>;
}

const hex = (value: unknown) => text(value)?.replaceAll('-', '').toLowerCase() ?? null;

/** A number, or a string of one (Relay's `deserialize_number_from_string`). */
function numeric(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value)) return Number(value);
  return null;
}

function invalidJson(path: string, problem: string): ProfileError {
  return new ProfileError('profiling_invalid_json', `${path} ${problem}`);
}

function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw invalidJson(path, 'is not a list');
  return value;
}

/**
 * Sentry's profiling reads a frame without `in_app` by its path: a JavaScript or Node frame is the
 * app's outside `node_modules` and Node's own modules (`node:…`, `internal/…`); a Python frame outside
 * `site-packages`, `dist-packages` and the interpreter's library.
 */
function inAppByPath(platform: string, file: string | null): boolean {
  if (file === null || file === '') return false;
  if (platform === 'javascript' || platform === 'node')
    return !file.includes('/node_modules/') && !file.startsWith('node:') && !file.startsWith('internal/');
  if (platform === 'python')
    return !/\/(site|dist)-packages\//.test(file) && !/\/lib\/python\d(\.\d+)?\//.test(file);
  return false;
}

/** Relay reads `name`, `file`, `line` and `column` as `function`, `filename`, `lineno` and `colno`. */
function frameOf(value: unknown, index: number, platform: string): ProfileFrame {
  const frame = obj(value);
  if (!frame) throw invalidJson(`profile.frames[${index}]`, 'is not an object');
  const file = text(frame.abs_path) ?? text(frame.filename) ?? text(frame.file) ?? text(frame.module) ?? null;
  const name = frame.function ?? frame.name;
  return {
    name: text(name) ?? (name === '' ? '<anonymous>' : (text(frame.instruction_addr) ?? '<unknown>')),
    file,
    line: numeric(frame.lineno ?? frame.line),
    column: numeric(frame.colno ?? frame.column),
    inApp: typeof frame.in_app === 'boolean' ? frame.in_app : inAppByPath(platform, file),
  };
}

function stacksOf(profile: Json, frameCount: number): number[][] {
  return list(profile.stacks, 'profile.stacks').map((value, index) => {
    const stack = list(value, `profile.stacks[${index}]`);
    return stack.map((frameId, position) => {
      if (typeof frameId !== 'number' || !Number.isInteger(frameId) || frameId < 0 || frameId >= frameCount)
        throw new ProfileError(
          'profiling_malformed_stacks',
          `profile.stacks[${index}][${position}] names frame ${JSON.stringify(frameId)}; the profile has ${frameCount} frames`,
        );
      return frameId;
    });
  });
}

function samplesOf(profile: Json, version: '1' | '2', stackCount: number): DecodedSample[] {
  const samples = list(profile.samples, 'profile.samples').map((value, index): DecodedSample => {
    const sample = obj(value);
    if (!sample) throw invalidJson(`profile.samples[${index}]`, 'is not an object');
    const stackId = sample.stack_id;
    if (typeof stackId !== 'number' || !Number.isInteger(stackId) || stackId < 0 || stackId >= stackCount)
      throw new ProfileError(
        'profiling_malformed_samples',
        `profile.samples[${index}] names stack ${JSON.stringify(stackId)}; the profile has ${stackCount} stacks`,
      );
    const threadId = numeric(sample.thread_id) ?? text(sample.thread_id);
    if (threadId === null) throw invalidJson(`profile.samples[${index}].thread_id`, 'is missing');
    const at =
      version === '1'
        ? numeric(sample.elapsed_since_start_ns) === null
          ? null
          : (numeric(sample.elapsed_since_start_ns) as number) / 1e6
        : epochMillis(sample.timestamp);
    if (at === null)
      throw invalidJson(
        `profile.samples[${index}].${version === '1' ? 'elapsed_since_start_ns' : 'timestamp'}`,
        'is not a number',
      );
    return { stackId, threadId: String(threadId), at };
  });
  if (samples.length === 0)
    throw new ProfileError('profiling_not_enough_samples', 'profile.samples is empty');
  return samples;
}

function threadNamesOf(profile: Json): Map<string, string> {
  const names = new Map<string, string>();
  for (const [id, meta] of Object.entries(obj(profile.thread_metadata) ?? {})) {
    const name = text(obj(meta)?.name);
    if (name !== null) names.set(id, name);
  }
  return names;
}

/** Relay's `TransactionMetadata`, valid only with an id, a name, a trace id and a start before its end. */
function transactionOf(json: Json): ProfiledTransaction {
  const value = obj(json.transaction) ?? obj(Array.isArray(json.transactions) ? json.transactions[0] : null);
  if (!value)
    throw new ProfileError(
      'profiling_no_transaction_associated',
      'a v1 profile names no transaction (`transaction` or `transactions`)',
    );
  const id = hex(value.id);
  const name = text(value.name);
  const traceId = hex(value.trace_id);
  const start = numeric(value.relative_start_ns);
  const end = numeric(value.relative_end_ns);
  if (id === null || name === null || traceId === null || start === null || end === null || start >= end)
    throw new ProfileError(
      'profiling_invalid_transaction_metadata',
      "the profile's transaction needs an id, a name, a trace_id and relative_start_ns before relative_end_ns",
    );
  const activeThread = numeric(value.active_thread_id) ?? text(value.active_thread_id);
  return {
    id,
    name,
    traceId,
    activeThreadId: activeThread === null ? null : String(activeThread),
    relativeStartMs: start / 1e6,
    relativeEndMs: end / 1e6,
  };
}

/** The format of a profile item: `version` "1" or "2"; a chunk is v2 whatever it says. */
export function profileVersion(type: string, json: Json): '1' | '2' | null {
  if (type === 'profile_chunk') return '2';
  const version = json.version;
  return version === '1' || version === 1 ? '1' : version === '2' || version === 2 ? '2' : null;
}

/**
 * Reads a `profile` or `profile_chunk` payload, or throws a `ProfileError`. Profiles of another
 * format (Android's legacy method traces, without `version`) are refused as Faultline cannot read them.
 */
export function decodeProfile(type: string, json: Json): DecodedProfile {
  const version = profileVersion(type, json);
  if (version === null)
    throw new ProfileError(
      'profiling_platform_not_supported',
      `a profile without version "1" or "2" (${text(json.platform) ?? 'no platform'}) cannot be read`,
    );
  const platform = text(json.platform) ?? 'unknown';
  const profile = obj(json.profile);
  if (!profile) throw invalidJson('profile', 'is missing');
  const frames = list(profile.frames, 'profile.frames').map((frame, index) =>
    frameOf(frame, index, platform),
  );
  const stacks = stacksOf(profile, frames.length);
  let samples = samplesOf(profile, version, stacks.length);
  let transaction: ProfiledTransaction | null = null;
  if (version === '1') {
    transaction = transactionOf(json);
    const { relativeStartMs, relativeEndMs } = transaction;
    // As Relay, the samples outside the transaction are not its profile's.
    samples = samples.filter((sample) => sample.at >= relativeStartMs && sample.at <= relativeEndMs);
    if (samples.length === 0)
      throw new ProfileError('profiling_not_enough_samples', 'no sample falls within the transaction');
    if (samples.some((sample) => sample.at > MAX_V1_DURATION_NS / 1e6))
      throw new ProfileError('profiling_duration_is_too_long', 'the profile samples more than 30 s');
  } else {
    if (hex(json.profiler_id) === null) throw invalidJson('profiler_id', 'is missing');
    if (hex(json.chunk_id) === null) throw invalidJson('chunk_id', 'is missing');
  }
  return {
    version,
    platform,
    id: version === '1' ? (hex(json.event_id) ?? hex(json.profile_id)) : hex(json.chunk_id),
    profilerId: version === '2' ? hex(json.profiler_id) : null,
    startedAt: version === '1' ? epochMillis(json.timestamp) : null,
    transaction,
    frames,
    stacks,
    samples,
    threadNames: threadNamesOf(profile),
  };
}

/** Why the pipeline refuses a profile item (Relay's discard reason), or undefined to keep it. */
export function profileItemRefusal(type: string, json: Json | undefined): string | undefined {
  if (!json) return 'profiling_invalid_json';
  // Formats Relay reads and Faultline does not (Android's legacy traces) are kept as sent.
  if (profileVersion(type, json) === null) return undefined;
  try {
    decodeProfile(type, json);
    return undefined;
  } catch (error) {
    if (error instanceof ProfileError) return error.reason;
    throw error;
  }
}
