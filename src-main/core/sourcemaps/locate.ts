/**
 * Finds a generated file's source map as Sentry does: the `SourceMap` (or `X-SourceMap`) header of its
 * HTTP answer, else its last `//# sourceMappingURL=` comment (or the older `//@`), resolved against the
 * file's own location; a `data:` URL carries the map inline.
 */
import { joinPaths } from './paths.ts';

/** The map's location: a URL or path, or the inline map's text. */
export type MapReference =
  | { kind: 'url'; url: string }
  | { kind: 'inline'; text: string }
  | { kind: 'bad'; url: string };

// Only the file's last lines are searched, as a comment elsewhere may sit inside a string.
const TAIL_LINES = 5;
const COMMENT = /^\s*\/[/*][#@]\s*sourceMappingURL=([^\s'"*]+)\s*(?:\*\/\s*)?$/;

export function sourceMappingComment(source: string): string | null {
  const lines = source.trimEnd().split(/\r?\n/);
  for (const line of lines.slice(-TAIL_LINES).reverse()) {
    const match = COMMENT.exec(line);
    if (match?.[1]) return match[1];
  }
  return null;
}

function decodeDataUrl(url: string): string | null {
  const comma = url.indexOf(',');
  if (comma < 0) return null;
  const meta = url.slice('data:'.length, comma);
  const payload = url.slice(comma + 1);
  try {
    return meta.split(';').includes('base64')
      ? Buffer.from(payload, 'base64').toString('utf8')
      : decodeURIComponent(payload);
  } catch {
    return null;
  }
}

/** The map a generated file names, or null when it names none. */
export function findSourceMap(fileUrl: string, source: string, header?: string): MapReference | null {
  const reference = header ?? sourceMappingComment(source);
  if (!reference) return null;
  if (reference.startsWith('data:')) {
    const text = decodeDataUrl(reference);
    return text === null ? { kind: 'bad', url: fileUrl } : { kind: 'inline', text };
  }
  return { kind: 'url', url: joinPaths(fileUrl, reference) };
}
