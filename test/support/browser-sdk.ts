/** The real @sentry/browser SDK as one IIFE script (`window.Sentry`), for pages opened in Chromium. */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './serve.ts';

const SDK_ENTRY = path.join(REPO_ROOT, 'node_modules/@sentry/browser/build/npm/esm/prod/index.js');

export function browserSdkMissingReason(): string | undefined {
  return fs.existsSync(SDK_ENTRY) ? undefined : '@sentry/browser is not installed';
}

/** The npm package ships no CDN bundle: build one IIFE (`window.Sentry`) with vite, in memory. */
export async function bundleBrowserSdk(): Promise<string> {
  const { build } = await import('vite');
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    root: REPO_ROOT,
    build: { write: false, minify: false, lib: { entry: SDK_ENTRY, formats: ['iife'], name: 'Sentry' } },
  });
  const output = (Array.isArray(result) ? result[0] : result) as {
    output: Array<{ type: string; code?: string }>;
  };
  const chunk = output.output.find((file) => file.type === 'chunk');
  if (!chunk?.code) throw new Error('vite produced no bundle');
  return chunk.code;
}

/**
 * A page script's start: the bundled SDK (`window.Sentry`) started with browser tracing, sending to
 * `window.__DSN` with the trace lifecycle the page's `?lifecycle=` names (`static` or `stream`; else
 * `fallback`, or the SDK's own default when none is given).
 */
export function initBrowserTracing(fallback?: string): string {
  const lifecycle = `new URLSearchParams(location.search).get('lifecycle')${fallback ? ` || '${fallback}'` : ''}`;
  return `
  const lifecycle = ${lifecycle};
  Sentry.init({
    dsn: window.__DSN,
    tracesSampleRate: 1,
    traceLifecycle: lifecycle,
    integrations: [Sentry.browserTracingIntegration({ idleTimeout: 300 })],
  });`;
}
