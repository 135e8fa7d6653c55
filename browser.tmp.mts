import http from 'node:http';
import path from 'node:path';
import { build } from 'vite';
import { chromium } from 'playwright-core';
const [dsn, ingestBase, key] = process.argv.slice(2);
const SDK_ENTRY = path.resolve('node_modules/@sentry/browser/build/npm/esm/prod/index.js');
const result: any = await build({ configFile: false, logLevel: 'silent', root: process.cwd(), build: { write: false, minify: false, lib: { entry: SDK_ENTRY, formats: ['iife'], name: 'Sentry' } } });
const bundle = (Array.isArray(result) ? result[0] : result).output.find((f: any) => f.type === 'chunk').code;
const reportUri = `${ingestBase}/api/1/security/?sentry_key=${key}&sentry_release=csp%401&sentry_environment=cspenv`;
const page = `
window.__log = [];
Sentry.init({ dsn: ${JSON.stringify(dsn)}, release: 'br@1', environment: 'brenv',
  replaysSessionSampleRate: 1.0, replaysOnErrorSampleRate: 1.0,
  integrations: [Sentry.replayIntegration({ maskAllText: false, flushMinDelay: 200, flushMaxDelay: 500 })],
  beforeSend(e) { window.__log.push(['event', e.event_id]); return e; } });
window.__run = async () => {
  const ids = {};
  document.body.innerHTML += '<button id=b>click</button>';
  document.getElementById('b').click();
  await new Promise(r => setTimeout(r, 1500));
  ids.error = Sentry.captureException(new Error('browser replay error'));
  ids.feedback = Sentry.captureFeedback({ message: 'feedback about it', name: 'Ann', email: 'ann@example.com', associatedEventId: ids.error });
  ids.feedbackAlone = Sentry.captureFeedback({ message: 'standalone feedback', email: 'bob@example.com' });
  const img = document.createElement('img'); img.src = 'http://127.0.0.1:9/blocked.png'; document.body.appendChild(img);
  await new Promise(r => setTimeout(r, 3000));
  await Sentry.flush(5000);
  return { ids, replayId: Sentry.getReplay()?.getReplayId(), outcomes: Sentry.getClient()._clearOutcomes() };
};`;
const html = `<!doctype html><html><head><script src="/sentry.js"></script><script src="/page.js"></script></head><body>hi</body></html>`;
const srv = http.createServer((req, res) => {
  const body = req.url === '/sentry.js' ? bundle : req.url === '/page.js' ? page : html;
  const headers: Record<string,string> = { 'content-type': req.url?.endsWith('.js') ? 'text/javascript' : 'text/html' };
  if (!req.url?.endsWith('.js')) headers['content-security-policy'] = `img-src 'self'; report-uri ${reportUri}`;
  res.writeHead(200, headers); res.end(body);
});
await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
const port = (srv.address() as any).port;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const tab = await browser.newPage();
tab.on('console', (m) => console.error('console:', m.text()));
await tab.goto(`http://localhost:${port}/`);
const out = await tab.evaluate('window.__run()');
console.log(JSON.stringify(out));
await new Promise(r => setTimeout(r, 2000));
await browser.close(); srv.close();
