import { memoized } from '../../memo.ts';
import { asArray, isObject, type JsonObject } from './json.ts';

/** Replaces a URL with its path (`http://host/static/app.js?x` → `/static/app.js`). */
export function urlPath(filename: string): string | undefined {
  return filename.includes('://') ? parsedUrlPath(filename) : undefined;
}

/** A browser's frames name the same few scripts event after event: each URL is parsed once. */
const parsedUrlPath = memoized(1024, (filename: string): string | undefined => {
  try {
    const url = new URL(filename);
    return url.pathname === '' ? '/' : decodeURIComponentSafe(url.pathname);
  } catch {
    return undefined;
  }
});

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Relay's non-raw frame normalization: `abs_path` and `filename` are backfilled from each other,
 * and a URL filename is reduced to its path (the URL stays in `abs_path`). `lineno: 0` means
 * unknown; null context lines become empty strings.
 */
export function normalizeFrame(frame: JsonObject): void {
  const filename = typeof frame.filename === 'string' && frame.filename !== '' ? frame.filename : undefined;
  const absPath = typeof frame.abs_path === 'string' && frame.abs_path !== '' ? frame.abs_path : undefined;
  if (absPath === undefined && filename !== undefined) frame.abs_path = filename;
  if (filename === undefined && absPath !== undefined) frame.filename = absPath;
  if (typeof frame.filename === 'string') {
    const path = urlPath(frame.filename);
    if (path !== undefined) frame.filename = path;
  }
  if (frame.lineno === 0) delete frame.lineno;
  // Relay's `process_frame`: "?" (Node SDK frames send it) is no function name, nor a symbol.
  if (frame.function === '?') delete frame.function;
  if (frame.symbol === '?') delete frame.symbol;
  contextLines(frame, 'pre_context');
  contextLines(frame, 'post_context');
}

/** Null (or other non-string) context lines become empty strings; a list of strings is kept. */
function contextLines(frame: JsonObject, key: 'pre_context' | 'post_context'): void {
  const lines = asArray(frame[key]);
  if (lines && !lines.every((line) => typeof line === 'string'))
    frame[key] = lines.map((line) => (typeof line === 'string' ? line : ''));
}

/** Normalizes every frame of a stacktrace object; frames that are not objects are dropped. */
export function normalizeStacktrace(stacktrace: JsonObject): void {
  const frames = asArray(stacktrace.frames);
  if (!frames) return;
  const kept = frames.filter(isObject);
  for (const frame of kept) normalizeFrame(frame);
  stacktrace.frames = kept;
}
