/**
 * Events anyone can send (Spotlight's `/stream` takes them without a key, also from any web page),
 * shown in Chromium by `bin/faultline serve`: what their sender wrote stays text, and a value made
 * to break the page does not.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason, openLatestEventOf } from '../support/chromium.ts';
import { REPO_ROOT, tempDir } from '../support/serve.ts';

const run = promisify(execFile);
const missing = chromiumMissingReason();
if (missing) console.warn(`skipping browser tests: ${missing}`);
const SENTRY_NODE = pathToFileURL(
  createRequire(path.join(REPO_ROOT, 'package.json')).resolve('@sentry/node'),
);

describe.skipIf(missing !== undefined)('events made to attack the UI, in Chromium', () => {
  const app = appInChromium();

  it('an event whose frame names a file: URL that does not decode is shown, its frames listed', async () => {
    const eventId = crypto.randomUUID().replaceAll('-', '');
    const event = {
      event_id: eventId,
      timestamp: Date.now() / 1000,
      platform: 'node',
      exception: {
        values: [
          {
            type: 'BrokenUrl',
            value: 'a frame names file:///%E0%A4%A.js',
            stacktrace: {
              frames: [
                { abs_path: 'file:///%E0%A4%A.js', filename: 'a.js', function: 'undecodable', lineno: 1 },
              ],
            },
          },
        ],
      },
    };
    const body = [JSON.stringify({ event_id: eventId }), '{"type":"event"}', JSON.stringify(event)].join(
      '\n',
    );
    const response = await fetch(`${app.server.info.url}/stream`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body,
    });
    expect(response.status).toBe(200);
    await openLatestEventOf(app, 'BrokenUrl');
    const frame = app.page.getByTestId('exception').getByTestId('frame').first();
    await expect.poll(() => frame.locator('summary').textContent()).toContain('undecodable');
    expect(app.problems).toEqual([]);
  });

  it("a feedback's page that is no web address is shown as text, not as a link", async () => {
    const file = path.join(tempDir('faultline-sdk-'), 'feedback.mjs');
    const urls = [
      'javascript:alert(document.domain)',
      'ms-msdt:/id PCWDiagnostic',
      'https://shop.local/cart',
    ];
    fs.writeFileSync(
      file,
      `import * as Sentry from ${JSON.stringify(SENTRY_NODE.href)};
Sentry.init({ dsn: ${JSON.stringify(app.server.info.dsn)}, defaultIntegrations: false });
for (const url of ${JSON.stringify(urls)}) Sentry.captureFeedback({ message: 'feedback from ' + url, url });
await Sentry.close(5000);
`,
    );
    await run(process.execPath, [file]);
    await app.page.goto(`${app.server.info.url}/#/feedback`);
    const items = app.page.getByRole('list', { name: 'Feedback list' }).getByRole('link');
    await expect.poll(() => items.count(), { timeout: 15_000 }).toBe(3);
    const shown: Array<[string | null, string | null]> = [];
    for (const url of urls) {
      await items.filter({ hasText: `feedback from ${url}` }).click();
      const field = app.page.getByTestId('feedback-url');
      await expect.poll(() => field.textContent()).toBe(url);
      const link = field.getByRole('link');
      shown.push([
        await field.textContent(),
        (await link.count()) > 0 ? await link.getAttribute('href') : null,
      ]);
    }
    expect(shown).toEqual([
      ['javascript:alert(document.domain)', null],
      ['ms-msdt:/id PCWDiagnostic', null],
      ['https://shop.local/cart', 'https://shop.local/cart'],
    ]);
  });
});
