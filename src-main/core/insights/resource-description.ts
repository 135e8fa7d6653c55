/**
 * A resource span's normalized description (Sentry's `sentry.normalized_description`), as Relay's span
 * normalization scrubs one of op `resource.*`: the URL keeps its scheme and scrubbed host
 * (`http-domain.ts`), path segments Relay knows as common (`static`, `assets`, `_next` …) and, scrubbed,
 * its file name; any other segment becomes one `*` and the query and fragment go. Of the file name, a
 * long or odd extension becomes `*` and in the base name hashes, UUIDs, versions and numbers do (an
 * image's base name goes whole). A path without a host stays a path; `data:` URLs keep their type,
 * browser extensions all become `browser-extension://*`.
 */
import { scrubHost, withPort } from './http-domain.ts';

/** The path segments Relay keeps (its `COMMON_PATH_SEGMENTS`); every other one becomes `*`. */
const COMMON_PATH_SEGMENTS = new Set([
  '_app',
  '_next',
  '_nuxt',
  '_shared',
  '.vite',
  'active_storage',
  'ajax',
  'assets',
  'avatar',
  'build',
  'cdn',
  'chunks',
  'coins',
  'data',
  'deps',
  'dist',
  'dms',
  'files',
  'icons',
  'image',
  'images',
  'img',
  'immutable',
  'js',
  'lib',
  'libs',
  'media',
  'node_modules',
  'products',
  'profile_images',
  'rails',
  'redirect',
  'releases',
  'representations',
  'shop',
  'static',
  'svg',
  'twemoji',
  'vi',
  'video',
  'webfonts',
  'webpack',
  'wl-image',
  'wp-includes',
]);

const BROWSER_EXTENSION_SCHEMES = new Set(['chrome-extension:', 'moz-extension:', 'ms-browser-extension:']);

/** What Relay takes for identifiers in a file's base name: UUIDs, versions, long hex, numbers. */
const IDENTIFIER =
  /[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}|v[0-9]+(?:\.[0-9]+)*|[a-f0-9]{5}[a-f0-9]+|\d\d+/gi;

/** A base name longer than this once scrubbed is an identifier itself. */
const MAX_SEGMENT_LENGTH = 25;
/** A longer extension is a bundler's suffix, not one. */
const MAX_EXTENSION_LENGTH = 10;

/** A relative path is resolved against this host, and the host dropped again. */
const DUMMY_ORIGIN = 'http://replace_me';

function scrubBaseName(name: string): string {
  const scrubbed = name.replace(IDENTIFIER, '*');
  if (scrubbed.length > MAX_SEGMENT_LENGTH) return '*';
  if (/[0-9&%#=+@]/.test(scrubbed)) return '*';
  // All letters with a capital among them: a random identifier (`aBcDeF`).
  if (/^[a-z]+$/i.test(scrubbed) && /[A-Z]/.test(scrubbed)) return '*';
  return scrubbed;
}

/** Up to its first character that is no letter or digit; `*` when it has two digits or is long. */
function scrubExtension(extension: string): string {
  let digits = 0;
  let end = extension.length;
  for (let i = 0; i < extension.length; i++) {
    const char = extension.charAt(i);
    if (/[0-9]/.test(char)) digits++;
    if (digits > 1) return '*';
    if (!/[a-z0-9]/i.test(char)) {
      end = i;
      break;
    }
  }
  const kept = extension.slice(0, end);
  return kept.length > MAX_EXTENSION_LENGTH ? '*' : kept;
}

function scrubFileName(type: string, name: string): string {
  if (name === '') return '';
  const dot = name.lastIndexOf('.');
  const [base, rawExtension] = dot < 0 ? [name, ''] : [name.slice(0, dot), name.slice(dot + 1)];
  const extension = scrubExtension(rawExtension);
  const scrubbedBase = type === 'img' ? '*' : scrubBaseName(base);
  return extension === '' ? scrubbedBase : `${scrubbedBase}.${extension}`;
}

function scrubPath(type: string, pathname: string): string {
  const segments = pathname.replace(/^\//, '').split('/');
  const kept: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (COMMON_PATH_SEGMENTS.has(segment)) kept.push(segment);
    else if (kept.at(-1) !== '*') kept.push('*');
  }
  kept.push(scrubFileName(type, segments.at(-1) ?? ''));
  return kept.join('/');
}

type UrlKind = 'full' | 'absolute' | 'relative';

function parse(description: string): { url: URL; kind: UrlKind } | null {
  try {
    return { url: new URL(description), kind: 'full' };
  } catch {
    try {
      const url = new URL(description, `${DUMMY_ORIGIN}/`);
      return { url, kind: description.startsWith('/') ? 'absolute' : 'relative' };
    } catch {
      return null;
    }
  }
}

/** The normalized description of a span of op `resource.<type>`; null when it is no URL at all. */
export function scrubResourceDescription(op: string, description: string): string | null {
  const type = op.toLowerCase().replace(/^resource\./, '');
  const parsed = parse(description);
  if (parsed === null) return null;
  const { url, kind } = parsed;
  if (url.protocol === 'data:') {
    const semicolon = url.pathname.indexOf(';');
    return semicolon < 0 ? 'data:*/*' : `data:${url.pathname.slice(0, semicolon)}`;
  }
  if (BROWSER_EXTENSION_SCHEMES.has(url.protocol)) return 'browser-extension://*';
  const domain = url.hostname === '' ? '' : withPort(scrubHost(url.hostname), url.port);
  const formatted = `${url.protocol}//${domain}/${scrubPath(type, url.pathname)}`;
  switch (kind) {
    case 'full':
      return formatted;
    case 'absolute':
      return formatted.slice(DUMMY_ORIGIN.length);
    case 'relative':
      return formatted.slice(DUMMY_ORIGIN.length + 1);
  }
}

/**
 * The domain of a normalized description that is a full URL (its host and port, lowercase), as
 * Relay's `span.domain` of a resource; null for a path, whose domain comes from `server.address`.
 */
export function domainOfResourceDescription(normalized: string): string | null {
  if (!/^https?:\/\//i.test(normalized)) return null;
  const rest = normalized.slice(normalized.indexOf('//') + 2);
  const host = rest.slice(0, rest.indexOf('/') < 0 ? rest.length : rest.indexOf('/'));
  return host === '' ? null : host.toLowerCase();
}

/** Sentry's `file_extension`: after the last dot of the normalized description's last segment. */
export function resourceFileExtension(normalized: string): string {
  const last = normalized.slice(normalized.lastIndexOf('/') + 1);
  const dot = last.lastIndexOf('.');
  return dot < 0 ? '' : last.slice(dot + 1).toLowerCase();
}
