/**
 * Reads the files source maps need, for local work only: files on this machine (a path or a `file:`
 * URL) and http(s) on loopback (a dev server such as Vite's), never another host, redirects followed
 * only on loopback; and, there as here, only source code and `.map` files (`source-files.ts`: an
 * event's `abs_path` is its sender's choice). Each read is capped in size and time, an event's reads
 * in number, and each location is read once per event. A failure is a value naming Sentry's
 * processing error type.
 */
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { isSourceCodePath, isSourceMapPath, NOT_SOURCE_CODE } from '../issues/queries/source-files.ts';

/** What a location is read as: a generated or original source file, or a source map. */
export type SourceKind = 'source' | 'map';

export interface SourceFile {
  /** Where it was read from at last (after redirects). */
  url: string;
  text: string;
  /** The `SourceMap` / `X-SourceMap` header of an HTTP answer. */
  sourceMapHeader?: string;
  /** When the file last changed (ms), where known (a file's mtime, an HTTP `Last-Modified`). */
  modified?: number;
}

/** Why a file could not be read, as Sentry's JS processing errors name it. */
export interface FetchFailure {
  type:
    | 'js_no_source'
    | 'js_scraping_disabled'
    | 'js_invalid_url'
    | 'js_invalid_http_code'
    | 'js_fetch_too_large'
    | 'js_fetch_timeout'
    | 'js_too_many_sources'
    | 'js_generic_fetch_error';
  url: string;
  /** What happened, in words (an HTTP status, an error's message …). */
  value?: string;
}

export interface FetchLimits {
  maxBytes: number;
  timeoutMs: number;
  /** HTTP requests per event. */
  maxFetches: number;
  /** Files read from disk per event. */
  maxFiles: number;
  maxRedirects: number;
}

export const DEFAULT_LIMITS: FetchLimits = {
  maxBytes: 10 * 1024 * 1024,
  timeoutMs: 2000,
  maxFetches: 20,
  maxFiles: 100,
  maxRedirects: 3,
};

export function isFailure(value: SourceFile | FetchFailure): value is FetchFailure {
  return 'type' in value;
}

/** 127.0.0.0/8, ::1 and localhost: the only hosts read over HTTP. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (net.isIPv4(host)) return host.startsWith('127.');
  return host === '::1' || host === '::ffff:127.0.0.1';
}

/** The path on this machine named by a location (a plain absolute path or a `file:` URL), else null. */
export function filePath(location: string): string | null {
  if (location.startsWith('file://')) {
    try {
      return decodeURIComponent(new URL(location).pathname);
    } catch {
      return null;
    }
  }
  return path.isAbsolute(location) ? location : null;
}

function readable(pathname: string, kind: SourceKind): boolean {
  return kind === 'map' ? isSourceMapPath(pathname) : isSourceCodePath(pathname);
}

export class SourceFetcher {
  private readonly cache = new Map<string, Promise<SourceFile | FetchFailure>>();
  private fetches = 0;
  private files = 0;

  private readonly limits: FetchLimits;

  constructor(limits: Partial<FetchLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** The file at a location, read at most once per fetcher. */
  get(location: string, kind: SourceKind = 'source'): Promise<SourceFile | FetchFailure> {
    const key = location.split('#')[0] ?? location;
    let found = this.cache.get(`${kind} ${key}`);
    if (!found) {
      found = this.read(key, kind);
      this.cache.set(`${kind} ${key}`, found);
    }
    return found;
  }

  private async read(location: string, kind: SourceKind): Promise<SourceFile | FetchFailure> {
    const file = filePath(location);
    if (file === null && !/^https?:\/\//i.test(location)) return { type: 'js_invalid_url', url: location };
    let url: URL | null = null;
    if (file === null) {
      try {
        url = new URL(location);
      } catch {
        return { type: 'js_invalid_url', url: location };
      }
      if (!isLoopbackHost(url.hostname))
        return { type: 'js_scraping_disabled', url: location, value: 'only loopback addresses are read' };
    }
    if (!readable(file ?? url?.pathname ?? '', kind))
      return { type: 'js_scraping_disabled', url: location, value: NOT_SOURCE_CODE };
    const [count, limit] =
      file === null ? [++this.fetches, this.limits.maxFetches] : [++this.files, this.limits.maxFiles];
    if (count > limit) return { type: 'js_too_many_sources', url: location, value: `at most ${limit}` };
    return file === null ? this.readHttp(location, kind) : this.readFile(location, file);
  }

  private async readFile(location: string, file: string): Promise<SourceFile | FetchFailure> {
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile()) return { type: 'js_no_source', url: location, value: 'not a regular file' };
      if (stat.size > this.limits.maxBytes) return this.tooLarge(location, stat.size);
      return { url: location, text: await fs.readFile(file, 'utf8'), modified: stat.mtimeMs };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return {
        type: 'js_no_source',
        url: location,
        value: code === 'ENOENT' ? 'no such file' : String(code),
      };
    }
  }

  private tooLarge(url: string, size: number): FetchFailure {
    return { type: 'js_fetch_too_large', url, value: `${size} bytes, at most ${this.limits.maxBytes}` };
  }

  private async readHttp(location: string, kind: SourceKind): Promise<SourceFile | FetchFailure> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.limits.timeoutMs);
    let url = location;
    try {
      for (let redirects = 0; ; redirects++) {
        const response = await fetch(url, { redirect: 'manual', signal: abort.signal });
        const next = response.headers.get('location');
        if (response.status >= 300 && response.status < 400 && next) {
          await response.body?.cancel();
          url = new URL(next, url).href;
          if (!/^https?:/i.test(url) || !isLoopbackHost(new URL(url).hostname))
            return { type: 'js_scraping_disabled', url, value: `redirected off loopback from ${location}` };
          if (!readable(new URL(url).pathname, kind))
            return {
              type: 'js_scraping_disabled',
              url,
              value: `${NOT_SOURCE_CODE} (redirected from ${location})`,
            };
          if (redirects >= this.limits.maxRedirects)
            return { type: 'js_generic_fetch_error', url: location, value: 'too many redirects' };
          continue;
        }
        if (response.status !== 200) {
          await response.body?.cancel();
          return response.status === 404
            ? { type: 'js_no_source', url, value: 'HTTP 404' }
            : { type: 'js_invalid_http_code', url, value: String(response.status) };
        }
        const text = await this.body(response, url);
        if (typeof text !== 'string') return text;
        const lastModified = Date.parse(response.headers.get('last-modified') ?? '');
        const header = response.headers.get('sourcemap') ?? response.headers.get('x-sourcemap');
        return {
          url,
          text,
          ...(header ? { sourceMapHeader: header } : {}),
          ...(Number.isNaN(lastModified) ? {} : { modified: lastModified }),
        };
      }
    } catch (error) {
      if (abort.signal.aborted)
        return { type: 'js_fetch_timeout', url, value: `no answer within ${this.limits.timeoutMs} ms` };
      return { type: 'js_generic_fetch_error', url, value: (error as Error).message };
    } finally {
      clearTimeout(timer);
    }
  }

  /** The body as text, refused past the size cap (read no further than the cap). */
  private async body(response: Response, url: string): Promise<string | FetchFailure> {
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (declared > this.limits.maxBytes) {
      await response.body?.cancel();
      return this.tooLarge(url, declared);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = response.body?.getReader();
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > this.limits.maxBytes) {
        await reader.cancel();
        return this.tooLarge(url, size);
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks).toString('utf8');
  }
}
