/**
 * Paths and names of mapped frames as Sentry's JS processing writes them: a source joined to the
 * map's location, webpack's `webpack://` names shortened, the made-up module of a URL, and in-app
 * (node_modules and webpack's own code are not the app).
 */

/**
 * Joins a source name to the location it is relative to (a URL, or a path for files): `~/` counts as
 * the host's root, a URL or `webpack:` name stands as it is, `..` and `.` are folded, the base URL's
 * query string is dropped.
 */
export function joinPaths(base: string, relative: string): string {
  if (relative.includes('://') || relative.startsWith('webpack:')) return relative;
  const schemeAt = base.indexOf('://');
  const scheme = schemeAt >= 0 ? base.slice(0, schemeAt) : 'file';
  // A URL's query and fragment are not part of its path (`shop.js?v=3f2a/9`).
  const rest = schemeAt >= 0 ? (base.slice(schemeAt + 3).split(/[?#]/)[0] ?? '') : base;
  const right = relative.startsWith('~') ? relative.slice(1) : relative;
  const host = scheme === 'file' ? '' : (rest.split('/')[0] ?? '');
  const prefix = scheme === 'file' ? '' : `${scheme}://${host}`;
  if (right.startsWith('//') && scheme !== 'file') return `${scheme}:${right}`;
  if (right.startsWith('/')) return `${prefix}${right}`;
  const segments = (scheme === 'file' ? rest : rest.slice(host.length)).split('/').filter(Boolean);
  segments.pop(); // the base's own file name
  const web = scheme === 'http' || scheme === 'https';
  right.split('/').forEach((segment, index) => {
    if (segment === '..') {
      if (segments.length > 0) segments.pop();
      else if (!web) segments.push(segment);
    } else if (segment !== '.' || (!web && index > 0)) segments.push(segment);
  });
  const path = segments.filter((segment) => segment !== '' && segment !== '.').join('/');
  return `${prefix}/${path}`;
}

/**
 * A source of a section's map named by `url` in an index map, made relative to the index map as every
 * other source is: `chunks/a.js.map` + `../../src/a.ts` → `../src/a.ts`; an absolute URL or path joins.
 */
export function relativeToSection(sectionUrl: string, source: string): string {
  if (source.includes('://') || source.startsWith('webpack:') || source.startsWith('/')) return source;
  if (sectionUrl.includes('://') || sectionUrl.startsWith('/')) return joinPaths(sectionUrl, source);
  const out = sectionUrl.split('/').slice(0, -1);
  for (const segment of source.split('/')) {
    if (segment === '..' && out.length > 0 && out.at(-1) !== '..') out.pop();
    else if (segment !== '.' && segment !== '') out.push(segment);
  }
  return out.join('/');
}

const WEBPACK_NAMESPACE = /^webpack:\/\/[a-zA-Z0-9_\-@.]+\/\.\//;

/** `webpack:///./src/a.js` → `./src/a.js`, `…/~/lib` → `~/lib`, `webpack://app/./src/a.js` → `./src/a.js`. */
export function fixupWebpackFilename(filename: string): string {
  const tilde = filename.indexOf('/~/');
  if (tilde >= 0) return `~/${filename.slice(tilde + 3)}`;
  if (WEBPACK_NAMESPACE.test(filename)) return filename.replace(WEBPACK_NAMESPACE, './');
  if (filename.startsWith('webpack:///')) return filename.slice('webpack:///'.length);
  return filename;
}

/** Sentry's in-app rule for a mapped frame; undefined leaves the frame's own. */
export function isInApp(absPath: string, filename: string): boolean | undefined {
  if (absPath.startsWith('webpack:'))
    return filename.startsWith('./') && !filename.includes('/node_modules/');
  if (absPath.startsWith('app:')) return !/\bnode_modules\//.test(filename);
  if (absPath.includes('/node_modules/')) return false;
  return undefined;
}

function stripHostname(path: string): string {
  if (path.startsWith('~')) return path.slice(1);
  const schemeAt = path.indexOf('://');
  if (schemeAt < 0) return path;
  const rest = path.slice(schemeAt + 3);
  const slash = rest.indexOf('/');
  return slash >= 0 ? rest.slice(slash) : rest;
}

// Leading folders that say nothing about the module: js/, static/, build/, versions, hashes …
const USELESS_PREFIX =
  /^(?:\/|(?:(?:java)?scripts?|js|build|static|node_modules|bower_components|[_.~].*?|v?(?:\d+\.)*\d+|[a-f0-9]{7,8}|[a-f0-9]{32}|[a-f0-9]{40})\/)+|(?:[-.][a-f0-9]{7,}$)/gi;

/** The module Sentry makes up from a URL: `http://host/js/v1.0/foo/bar.min.js` → `foo/bar`. */
export function generateModule(absPath: string): string {
  let path = stripHostname(absPath).split(/[#?]/)[0] ?? '';
  const lastDot = path.lastIndexOf('.');
  if (lastDot > path.lastIndexOf('/')) path = path.slice(0, lastDot);
  if (path.endsWith('.min')) path = path.slice(0, -4);
  const segments = path.split('/');
  const hash = segments.findIndex(
    (segment) => segment.length === 32 || (segment.length === 40 && /^[0-9a-f]+$/i.test(segment)),
  );
  if (hash >= 0) return segments.slice(hash + 1).join('/');
  return path.replace(USELESS_PREFIX, '');
}
