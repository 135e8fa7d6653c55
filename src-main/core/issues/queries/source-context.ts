/**
 * Source context from the developer's own disk: when an SDK sent a frame without `context_line`
 * (no ContextLines integration, a browser bundle served from disk …) and the file named by
 * `abs_path` exists here, read the lines around `lineno`, as Sentry's ContextLines would have.
 * Only in-app frames, only regular files under 2 MB.
 */
import fs from 'node:fs';
import path from 'node:path';

const CONTEXT_LINES = 5;
const MAX_FILE_BYTES = 2 * 1024 * 1024;

type Frame = Record<string, unknown>;

function readLines(file: string, cache: Map<string, string[] | null>): string[] | null {
  if (cache.has(file)) return cache.get(file) ?? null;
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

/** The path on this machine named by a frame's `abs_path` (a plain path or a `file:` URL), if absolute. */
export function localPath(absPath: unknown): string | null {
  if (typeof absPath !== 'string') return null;
  const file = absPath.startsWith('file://') ? decodeURIComponent(new URL(absPath).pathname) : absPath;
  return path.isAbsolute(file) ? file : null;
}

function fill(frame: Frame, cache: Map<string, string[] | null>): boolean {
  if (frame.in_app === false || typeof frame.context_line === 'string') return false;
  const file = localPath(frame.abs_path);
  const lineno = frame.lineno;
  if (!file || typeof lineno !== 'number' || lineno < 1) return false;
  const lines = readLines(file, cache);
  const line = lines?.[lineno - 1];
  if (!lines || line === undefined) return false;
  frame.pre_context = lines.slice(Math.max(0, lineno - 1 - CONTEXT_LINES), lineno - 1);
  frame.context_line = line;
  frame.post_context = lines.slice(lineno, lineno + CONTEXT_LINES);
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
