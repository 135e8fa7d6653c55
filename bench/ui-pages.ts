/**
 * What a developer feels on a big data dir: `bin/faultline serve` over ~200k events in a few
 * thousand issues (a few hot issues with 50k+ each, plus transactions and logs), built by sending
 * envelopes (`_big-data-dir.ts`, kept in FAULTLINE_BENCH_UI_DIR or /tmp/faultline-bench-ui-pages
 * and reused), and each page a user opens loaded in Chromium. For each page: the time from
 * navigation until its API calls are answered, and each call's server time (Playwright's request
 * timing: request sent → first byte of the reply), median over the runs. Then the server's CPU
 * while an issue page stays open and events keep arriving at ~200/s (the live-update path).
 *
 * Options: `-- --runs N` (default 5).
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { type Browser, chromium, type Page, type Request } from 'playwright-core';
import { DEFAULT_SHAPE, ensureBigDataDir, eventBodies, rpc, startServe } from './_big-data-dir.ts';
import { openLoopOf } from './_ingest-load.ts';
import { percentile, printTable } from './_table.ts';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { runs: { type: 'string', default: '5' }, dir: { type: 'string' } },
});
const RUNS = Number(values.runs);
const DIR = values.dir ?? process.env.FAULTLINE_BENCH_UI_DIR ?? '/tmp/faultline-bench-ui-pages';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Call {
  method: string;
  serverMs: number;
  totalMs: number;
}

/** Records the page's RPC calls; `settled` resolves once none has been under way for `quietMs`. */
class CallRecorder {
  calls: Call[] = [];
  readonly #inFlight = new Set<Request>();
  #lastDone = performance.now();

  constructor(page: Page) {
    const isRpc = (request: Request) => /\/rpc\/(?!events)/.test(request.url());
    page.on('request', (request) => {
      if (isRpc(request)) this.#inFlight.add(request);
    });
    const done = (request: Request) => {
      if (!this.#inFlight.delete(request)) return;
      this.#lastDone = performance.now();
      const timing = request.timing();
      this.calls.push({
        method: request.url().replace(/.*\/rpc\//, ''),
        serverMs: timing.responseStart - timing.requestStart,
        totalMs: timing.responseEnd,
      });
    };
    page.on('requestfinished', done);
    page.on('requestfailed', done);
  }

  reset(): void {
    this.calls = [];
    // Calls of a document left behind (about:blank) may never report their end.
    this.#inFlight.clear();
  }

  /** Once no call is under way for `quietMs` (or, when none came, for 2 s after the start). */
  async settled(quietMs = 400, timeoutMs = 60_000): Promise<number> {
    const started = performance.now();
    const deadline = started + timeoutMs;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const now = performance.now();
      if (this.#inFlight.size === 0 && this.calls.length > 0 && now - this.#lastDone >= quietMs)
        return this.#lastDone;
      if (this.#inFlight.size === 0 && this.calls.length === 0 && now - started > 2000) return started;
      if (performance.now() > deadline)
        throw new Error(
          `calls still under way after ${timeoutMs} ms: ${[...this.#inFlight].map((r) => r.url()).join(', ')}`,
        );
    }
  }
}

interface PageCase {
  name: string;
  /** Opens the page; the time counts from here, or from `restart()` (after a page it starts from). */
  open(page: Page, restart: () => void): Promise<void>;
}

async function measure(page: Page, recorder: CallRecorder, testCase: PageCase) {
  let started = performance.now();
  await testCase.open(page, () => {
    started = performance.now();
  });
  const opened = performance.now();
  const ended = Math.max(opened, await recorder.settled());
  return { pageMs: ended - started, calls: [...recorder.calls] };
}

/** Clicks an event navigation link and waits until the page shows another event. */
async function clickToEvent(page: Page, label: string): Promise<void> {
  const id = page.getByTestId('event-id');
  const before = await id.textContent();
  await page.getByText(label).click();
  await page.waitForFunction(
    (previous) => document.querySelector('[data-testid="event-id"]')?.textContent !== previous,
    before,
  );
}

function route(recorder: CallRecorder, url: string, hash: string) {
  return async (page: Page) => {
    // A fresh document each time: nothing is answered from react-query's cache.
    await page.goto('about:blank');
    recorder.reset();
    await page.goto(`${url}/#${hash}`);
  };
}

async function main(): Promise<void> {
  await ensureBigDataDir(DIR);
  const server = await startServe(DIR);
  let browser: Browser | undefined;
  try {
    const { url, token } = server.info;
    const list = await rpc<{ issues: Array<{ id: number; count: number }>; total: number }>(
      server.info,
      'issues.list',
      {
        projectId: 1,
        query: 'is:unresolved',
        sort: 'freq',
        period: '14d',
        limit: 3,
      },
    );
    const hot = list.issues[0];
    if (!hot) throw new Error('no issues in the data dir');
    const latest = await rpc<{ eventId: string; previousEventId: string | null }>(server.info, 'events.get', {
      groupId: hot.id,
      eventId: 'latest',
    });
    const oldest = await rpc<{ eventId: string; nextEventId: string | null }>(server.info, 'events.get', {
      groupId: hot.id,
      eventId: 'oldest',
    });
    console.log(
      `data dir ${DIR}: ${list.total} unresolved issues; hottest #${hot.id} with ${hot.count.toLocaleString()} events`,
    );
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    const recorder = new CallRecorder(page);
    await page.goto(`${url}/#token=${token}`);
    await recorder.settled();

    const issue = `/issues/${hot.id}`;
    /** Opens the event page of `eventId`, then times only the click on `label` to the next event. */
    const clickFrom =
      (eventId: string, label: string) =>
      async (p: Page, restart: () => void): Promise<void> => {
        await route(recorder, url, `${issue}/events/${eventId}`)(p);
        await recorder.settled();
        recorder.reset();
        restart();
        await clickToEvent(p, label);
      };
    const issues = (query: string, sort: string) =>
      `/issues?project=1&query=${encodeURIComponent(query)}&sort=${sort}&period=14d`;
    const cases: PageCase[] = [
      { name: 'issue list (last seen)', open: route(recorder, url, issues('is:unresolved', 'date')) },
      { name: 'issue list by events', open: route(recorder, url, issues('is:unresolved', 'freq')) },
      { name: 'issue list by users', open: route(recorder, url, issues('is:unresolved', 'user')) },
      { name: 'issue list by first seen', open: route(recorder, url, issues('is:unresolved', 'new')) },
      {
        name: 'issue list browser:Chrome',
        open: route(recorder, url, issues('is:unresolved browser:Chrome', 'date')),
      },
      { name: 'issue list free text', open: route(recorder, url, issues('is:unresolved checkout', 'date')) },
      { name: 'hot issue (latest event)', open: route(recorder, url, issue) },
      { name: 'hot issue events tab', open: route(recorder, url, `${issue}/events`) },
      { name: 'hot issue tags tab', open: route(recorder, url, `${issue}/tags`) },
      { name: 'event page (latest)', open: route(recorder, url, `${issue}/events/${latest.eventId}`) },
      { name: 'event page oldest', open: route(recorder, url, `${issue}/events/${oldest.eventId}`) },
      { name: 'event « Oldest click', open: clickFrom(latest.eventId, '« Oldest') },
      { name: 'event ‹ Older click', open: clickFrom(latest.eventId, '‹ Older') },
      { name: 'event Newer › click', open: clickFrom(oldest.eventId, 'Newer ›') },
      { name: 'SnQL console (open)', open: route(recorder, url, '/console') },
      {
        name: 'SnQL console (run default)',
        open: async (p, restart) => {
          await route(recorder, url, '/console')(p);
          await recorder.settled();
          recorder.reset();
          restart();
          await p.getByRole('button', { name: /^Run/ }).first().click();
        },
      },
      { name: 'traces', open: route(recorder, url, '/traces?project=1') },
      { name: 'logs', open: route(recorder, url, '/logs?project=1') },
      { name: 'queries', open: route(recorder, url, '/queries?project=1') },
      { name: 'releases', open: route(recorder, url, '/releases?project=1') },
    ];

    const pageTimes = new Map<string, number[]>();
    const callTimes = new Map<string, Map<string, number[]>>();
    for (let run = 0; run < RUNS; run++) {
      for (const testCase of cases) {
        if (process.env.BENCH_DEBUG) console.log(`run ${run}: ${testCase.name}`);
        const { pageMs, calls } = await measure(page, recorder, testCase);
        pageTimes.set(testCase.name, [...(pageTimes.get(testCase.name) ?? []), pageMs]);
        const byMethod = callTimes.get(testCase.name) ?? new Map<string, number[]>();
        for (const call of calls)
          byMethod.set(call.method, [...(byMethod.get(call.method) ?? []), call.serverMs]);
        callTimes.set(testCase.name, byMethod);
      }
    }
    const median = (values: number[]) =>
      percentile(
        [...values].sort((a, b) => a - b),
        50,
      );
    const rows = cases.map((testCase) => {
      const methods = [...(callTimes.get(testCase.name) ?? new Map<string, number[]>())]
        .map(([method, times]) => [method, median(times), Math.max(...times)] as const)
        .sort((a, b) => b[1] - a[1]);
      return [
        testCase.name,
        median(pageTimes.get(testCase.name) ?? []),
        methods
          .slice(0, 3)
          .map(([method, ms]) => `${method} ${ms.toFixed(0)}`)
          .join(', '),
      ];
    });
    console.log(
      `\npages, median of ${RUNS} loads (page: navigation → last API reply; calls: server ms, slowest 3)`,
    );
    printTable(['page', 'page ms', 'slowest calls (median server ms)'], rows);

    await liveUpdates(page, recorder, server, `${url}/#${issue}`);
  } finally {
    await browser?.close();
    await server.stop();
  }
}

/** Server CPU (user+system, % of one core) over an interval, from /proc. */
function cpuTicks(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return Number(fields[11]) + Number(fields[12]);
}

async function liveUpdates(
  page: Page,
  recorder: CallRecorder,
  server: Awaited<ReturnType<typeof startServe>>,
  issueUrl: string,
): Promise<void> {
  const pid = server.child.pid ?? 0;
  const bodyFor = eventBodies({ ...DEFAULT_SHAPE, hot: [1], events: Number.MAX_SAFE_INTEGER }, Date.now());
  // Fresh event ids past the data dir's own, so each is stored (all in the hottest issue's place).
  const base = DEFAULT_SHAPE.events * 2 + Math.floor(Math.random() * 1e6) * 10_000;
  const rows: Array<Array<string | number>> = [];
  let sent = 0;
  for (const [label, open] of [
    ['no page open', false],
    ['hot issue page open', true],
    ['no page open', false],
    ['hot issue page open', true],
  ] as const) {
    await page.goto('about:blank');
    if (open) {
      await page.goto(issueUrl);
      await recorder.settled();
    }
    recorder.reset();
    const seconds = 15;
    const before = cpuTicks(pid);
    const started = performance.now();
    await openLoopOf(
      server.target,
      () => bodyFor(base + sent++),
      200,
      seconds,
      () => {},
    );
    const cpu = ((cpuTicks(pid) - before) / 100 / ((performance.now() - started) / 1000)) * 100;
    const byMethod = new Map<string, number>();
    for (const call of recorder.calls) byMethod.set(call.method, (byMethod.get(call.method) ?? 0) + 1);
    rows.push([
      label,
      cpu,
      recorder.calls.length,
      [...byMethod]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([method, count]) => `${method}×${count}`)
        .join(', '),
    ]);
  }
  console.log('\nlive updates: 200 events/s for 15 s into the hottest issue (server CPU, % of one core)');
  printTable(['while', 'server CPU %', 'API calls', 'most called'], rows);
}

await main();
