/**
 * The stack traces of the event page as Sentry shows them, for errors real SDKs send to `bin/faultline
 * serve`, read in Chromium: chained errors newest or oldest first, frames titled `file in function at
 * line`, the raw stack trace as the platform prints it, exception groups' related exceptions, mechanism
 * pills, and local variables sorted and in the platform's words.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason, openLatestEventOf } from '../support/chromium.ts';
import { PYTHON, pythonSdkMissing } from '../support/python.ts';
import { REPO_ROOT, tempDir } from '../support/serve.ts';

const run = promisify(execFile);
const missing = chromiumMissingReason();
if (missing) console.warn(`skipping browser tests: ${missing}`);
const pythonMissing = pythonSdkMissing();
if (pythonMissing) console.warn(`skipping the Python SDK's stack trace test: ${pythonMissing}`);
const SENTRY_NODE = pathToFileURL(
  createRequire(path.join(REPO_ROOT, 'package.json')).resolve('@sentry/node'),
);

/** Runs `body` (from line 3 on) as an ES module after `Sentry.init` with the DSN; returns the script's path. */
async function runNode(dsn: string, body: string, options = ''): Promise<string> {
  const file = path.join(tempDir('faultline-sdk-'), 'shop.mjs');
  fs.writeFileSync(
    file,
    `import * as Sentry from ${JSON.stringify(SENTRY_NODE.href)};
Sentry.init({ dsn: ${JSON.stringify(dsn)}${options} });
${body}
await Sentry.flush(5000);
`,
  );
  // An uncaught exception makes the SDK exit 1 once it has sent the event.
  await run(process.execPath, [file]).catch((error: { code?: number }) => {
    if (error.code !== 1) throw error;
  });
  return file;
}

describe.skipIf(missing !== undefined)('stack traces on the event page in Chromium', () => {
  const app = appInChromium();

  const openIssue = (text: string) => openLatestEventOf(app, text);
  const exceptions = () => app.page.getByTestId('exception');
  const summaries = (index: number) =>
    exceptions().nth(index).getByTestId('frame').locator('summary').allTextContents();

  let chainFile = '';

  it('a chained error reads as in Sentry: newest first, "file in function at line", only the raising frame open', async () => {
    chainFile = await runNode(
      app.server.info.dsn,
      `function validate(order) { throw new TypeError('bad quantity ' + order.qty); }
function place(order) { try { validate(order); } catch (e) { throw new Error('order not placed', { cause: e }); } }
try { place({ qty: 12 }); } catch (e) { Sentry.captureException(e); }`,
    );
    await openIssue('order not placed');
    expect(await exceptions().locator('.exc-type').allTextContents()).toEqual(['Error', 'TypeError']);
    // The newest exception's most recent call first; a frame without a function is its file alone.
    const newest = await summaries(0);
    expect(newest[0]).toMatch(new RegExp(`^${chainFile} in place at line 4:\\d+in app`));
    expect(newest[1]).toMatch(new RegExp(`^${chainFile} at line 5:\\d+in app`));
    expect(await summaries(1)).toEqual([
      expect.stringMatching(new RegExp(`^${chainFile} in validate at line 3:`)),
      expect.stringMatching(new RegExp(`^${chainFile} in place at line 4:`)),
      expect.stringMatching(new RegExp(`^${chainFile} at line 5:`)),
    ]);
    // As in Sentry, only the frame that raised the newest exception is open.
    const open = app.page.locator('[data-testid="frame"][open]');
    expect(await open.count()).toBe(1);
    expect(await open.locator('.frame-fn').textContent()).toBe('place');
  });

  it('"Oldest first" shows the cause first and each stack with its oldest call on top', async () => {
    await app.page.getByRole('button', { name: 'Oldest first' }).click();
    expect(await exceptions().locator('.exc-type').allTextContents()).toEqual(['TypeError', 'Error']);
    expect(await exceptions().first().getByTestId('frame').locator('.frame-fn').allTextContents()).toEqual([
      'place',
      'validate',
    ]);
    await app.page.getByRole('button', { name: 'Newest first' }).click();
    expect(await exceptions().locator('.exc-type').allTextContents()).toEqual(['Error', 'TypeError']);
  });

  it('"Raw" shows each stack trace as Node prints it', async () => {
    await app.page.getByRole('button', { name: 'Raw' }).click();
    const raw = await app.page.getByTestId('raw-stacktrace').allTextContents();
    expect(raw).toHaveLength(2);
    const [cause, error] = raw.map((text) => text.split('\n'));
    expect(cause?.slice(0, 4)).toEqual([
      'TypeError: bad quantity 12',
      expect.stringMatching(new RegExp(`^ {4}at validate \\(${chainFile}:3:\\d+\\)$`)),
      expect.stringMatching(new RegExp(`^ {4}at place \\(${chainFile}:4:\\d+\\)$`)),
      expect.stringMatching(new RegExp(`^ {4}at \\? \\(${chainFile}:5:\\d+\\)$`)),
    ]);
    expect(error?.[0]).toBe('Error: order not placed');
    await app.page.getByRole('button', { name: 'Raw' }).click();
    expect(await exceptions().count()).toBe(2);
  });

  it("an AggregateError lists its errors under Related Exceptions, with the mechanism's pills", async () => {
    await runNode(
      app.server.info.dsn,
      `try { throw new AggregateError([new RangeError('first bad'), new SyntaxError('second bad')], 'all payments failed'); }
catch (e) { Sentry.captureException(e); }`,
    );
    await openIssue('all payments failed');
    const group = exceptions().first();
    expect(await group.locator('.exc-type').textContent()).toBe('AggregateError');
    expect(await group.getByTestId('related-exception').allTextContents()).toEqual([
      'AggregateError: all payments failed',
      'RangeError: first bad',
      'SyntaxError: second bad',
    ]);
    expect(await group.getByTestId('mechanism').locator('li').allTextContents()).toEqual([
      'mechanismgeneric',
      'handledtrue',
    ]);
  });

  it('an uncaught error says handled false, and its variables are sorted, undefined as Node says it', async () => {
    await runNode(
      app.server.info.dsn,
      `function checkout(cart) { const zeta = 'last'; const Alpha = 1; let missing; throw new RangeError('cart too big: ' + cart.length); }
// The SDK's debugger worker starts on its own time (slowly on a busy machine): wait until it annotates
// a thrown error with its frames' variables (it pauses on every exception), then throw the real one.
for (let i = 0; i < 300; i++) {
  let probe;
  try { throw new Error('probe'); } catch (error) { probe = error; }
  if (probe.__SENTRY_ERROR_LOCAL_VARIABLES__) break;
  await new Promise((resolve) => setTimeout(resolve, 50));
}
setTimeout(() => checkout([1, 2, 3]), 0);
await new Promise((resolve) => setTimeout(resolve, 2000));`,
      ', includeLocalVariables: true',
    );
    await openIssue('cart too big');
    expect(await exceptions().getByTestId('mechanism').locator('li').allTextContents()).toEqual([
      'mechanismauto.node.onuncaughtexception',
      'handledfalse',
    ]);
    const vars = app.page.getByRole('table', { name: 'Variables' });
    expect(await vars.locator('th').allTextContents()).toEqual(['Alpha', 'cart', 'missing', 'zeta']);
    expect(await vars.locator('tr', { hasText: 'missing' }).locator('td').textContent()).toBe('undefined');
  });

  it.skipIf(pythonMissing !== undefined)(
    'Python: variables without their repr quotes, and the raw stack trace as a Python traceback',
    async () => {
      await run(PYTHON, [
        '-c',
        `import sys, sentry_sdk
sentry_sdk.init(dsn=sys.argv[1], with_locals=True)
def charge(amount, currency="EUR"):
    fee = None
    raise ValueError("amount too large: %d" % amount)
try:
    charge(1200)
except Exception:
    sentry_sdk.capture_exception()
sentry_sdk.flush()`,
        app.server.info.dsn,
      ]);
      await openIssue('amount too large');
      const vars = app.page.getByRole('table', { name: 'Variables' });
      expect(await vars.locator('tr').allTextContents()).toEqual(['amount1200', 'currencyEUR', 'feeNone']);
      await app.page.getByRole('button', { name: 'Raw' }).click();
      expect((await app.page.getByTestId('raw-stacktrace').textContent())?.split('\n')).toEqual([
        'Traceback (most recent call last):',
        '  File "<string>", line 7, in <module>',
        '  File "<string>", line 5, in charge',
        'ValueError: amount too large: 1200',
      ]);
      expect(app.problems).toEqual([]);
    },
  );
});
