/** Serves the built renderer (`out/renderer`) in `faultline serve`, with the app's CSP. */
import fs from 'node:fs';
import path from 'node:path';
import type { Route } from './route.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** The same policy the Electron window enforces: nothing but our own scripts and our own server. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function staticRoute(rootDir: string): Route {
  const root = path.resolve(rootDir);
  return (req, res, pathname) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return false; // Malformed percent-encoding: no file has that name (404, not a 500).
    }
    let file = path.resolve(root, `.${decoded}`);
    // Inside the folder, not merely named like it: `/../renderer-x/…` resolved beside it.
    if (file !== root && !file.startsWith(`${root}${path.sep}`)) return false;
    if (pathname === '/' || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      // Client-side routes all render index.html.
      if (path.extname(pathname) !== '') return false;
      file = path.join(root, 'index.html');
    }
    if (!fs.existsSync(file)) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The Faultline UI is not built. Run `npm run build` in the Faultline folder.\n');
      return true;
    }
    const body = fs.readFileSync(file);
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-length': body.length,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': file.endsWith('index.html') ? 'no-store' : 'public, max-age=31536000, immutable',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
