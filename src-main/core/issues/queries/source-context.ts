/**
 * Source context from the developer's own disk: when an SDK sent a frame without `context_line`
 * (no ContextLines integration, a browser bundle served from disk …) and the file named by
 * `abs_path` exists here, read the lines around `lineno`, as Sentry's ContextLines would have.
 * Only in-app frames, only source code (`source-files.ts`: anyone can send an event naming any path),
 * only regular files under 2 MB, at most 100 files an event. A long line (a minified bundle's) is cut to
 * about 140 characters around the frame's column, marked `{snip}`, as Sentry's source processing cuts it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isSourceCodePath } from './source-files.ts';

const CONTEXT_LINES = 5;
const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** As many as source processing reads for one event (`sourcemaps/fetch.ts`). */
const MAX_FILES = 100;

type Frame = Record<string, unknown>;

function readLines(file: string, cache: Map<string, string[] | null>): string[] | null {
  if (cache.has(file)) return cache.get(file) ?? null;
  if (cache.size >= MAX_FILES || !isSourceCodePath(file)) return null;
  let lines: string[] | null = null;
  try {
    const stat = fs.statSync(file);
    if (stat.isFile() && stat.size <= MAX_FILE_BYTES) lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  } catch {
    lines = null;
  }
  cache.set(file, lines);
  return lines;
}

/**
 * The path on this machine named by a frame's `abs_path` (a plain path or a `file:` URL), if absolute;
 * null also for a `file:` URL that is no URL or whose escapes decode to no text (`file:///%E0%A4%A`).
 */
export function localPath(absPath: unknown): string | null {
  if (typeof absPath !== 'string') return null;
  let file = absPath;
  if (absPath.startsWith('file://')) {
    try {
      file = decodeURIComponent(new URL(absPath).pathname);
    } catch {
      return null;
    }
  }
  return path.isAbsolute(file) ? file : null;
}

/**
 * Sentry's `trim_line`: a line over 150 characters is cut to 140 around `column` (60 before it), ` {snip}`
 * marking a cut end and `{snip} ` a cut start; a cut that would leave under 5 characters takes them too.
 */
export function trimLine(line: string, column = 0): string {
  const length = line.length;
  if (length <= 150) return line;
  let start = Math.max(Math.min(column, length) - 60, 0);
  if (start < 5) start = 0;
  let end = Math.min(start + 140, length);
  if (end > length - 5) end = length;
  if (end === length) start = Math.max(end - 140, 0);
  return `${start > 0 ? '{snip} ' : ''}${line.slice(start, end)}${end < length ? ' {snip}' : ''}`;
}

function fill(frame: Frame, cache: Map<string, string[] | null>): boolean {
  if (frame.in_app === false || typeof frame.context_line === 'string') return false;
  const file = localPath(frame.abs_path);
  const lineno = frame.lineno;
  if (!file || typeof lineno !== 'number' || lineno < 1) return false;
  const lines = readLines(file, cache);
  const line = lines?.[lineno - 1];
  if (!lines || line === undefined) return false;
  const column = typeof frame.colno === 'number' ? frame.colno : 0;
  frame.pre_context = lines
    .slice(Math.max(0, lineno - 1 - CONTEXT_LINES), lineno - 1)
    .map((text) => trimLine(text));
  frame.context_line = trimLine(line, column);
  frame.post_context = lines.slice(lineno, lineno + CONTEXT_LINES).map((text) => trimLine(text));
  return true;
}

function exceptionValues(event: Record<string, unknown>): Frame[] {
  const exception = event.exception as { values?: unknown } | undefined;
  return Array.isArray(exception?.values) ? (exception.values as Frame[]) : [];
}

/** Fills frames in place; returns `exceptionIndex:frameIndex` of each frame it filled. */
export function addSourceFromDisk(event: Record<string, unknown>): string[] {
  const cache = new Map<string, string[] | null>();
  const filled: string[] = [];
  exceptionValues(event).forEach((exception, exceptionIndex) => {
    const frames = (exception?.stacktrace as { frames?: unknown } | undefined)?.frames;
    if (!Array.isArray(frames)) return;
    frames.forEach((frame, frameIndex) => {
      if (frame && typeof frame === 'object' && fill(frame as Frame, cache))
        filled.push(`${exceptionIndex}:${frameIndex}`);
    });
  });
  return filled;
}
