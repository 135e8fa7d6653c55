/**
 * `feedback.list`, the User Feedback inbox, through a real core: feedback the real @sentry/node SDK
 * sends on its own (as the feedback widget does: no error event, so no issue's tab shows it) and
 * about an error, and the older `user_report` items of the real Python SDK, newest first, searched,
 * paged, and bounded.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { encodeNode } from '../../../src-main/core/store/nodestore.ts';
import { MAX_FEEDBACK_ITEMS } from '../../../src-shared/feedback-api.ts';
import { callApi, coreForEachTest } from '../../support/core.ts';
import { sendFeedbackWithSdk } from '../../support/feedback.ts';
import { PYTHON, pythonSdkMissing } from '../../support/python.ts';

const run = promisify(execFile);
const PYTHON_FIXTURE = path.join(import.meta.dirname, '..', 'issues', 'fixtures', 'python-user-report.py');
const noPython = pythonSdkMissing();
if (noPython) console.warn(`[feedback.list python test] skipped: ${noPython}`);

describe('feedback.list', () => {
  const start = coreForEachTest();

  it('lists the SDK’s feedback newest first, the widget’s own and the one about an error', async () => {
    const core = await start();
    const dsn = core.ctx.projects.defaultDsn(1) ?? '';
    const { standalone, error } = await sendFeedbackWithSdk(dsn);
    await core.ctx.pipeline.call('pipeline.drain', {});

    const { feedback, total, offset, partial } = await callApi(core, 'feedback.list', { projectId: 1 });
    expect({ total, offset, partial }).toEqual({ total: 2, offset: 0, partial: false });
    const [about, widget] = feedback;
    expect(about).toMatchObject({
      source: 'feedback',
      message: 'It said my card was declined',
      eventId: error,
      environment: 'staging',
      release: 'shop@2.0.0',
      user: 'grace@example.com',
      attachments: [],
    });
    expect(about?.groupId).toEqual(expect.any(Number));
    expect(about?.shortId).toMatch(/^[A-Z0-9-]+-\d+$/i);
    expect(widget).toMatchObject({
      source: 'feedback',
      feedbackEventId: standalone,
      eventId: null,
      groupId: null,
      shortId: null,
      name: 'Grace Hopper',
      email: 'grace@example.com',
      message: 'The checkout button is hidden behind the footer',
      url: 'https://shop.local/checkout',
      environment: 'staging',
      release: 'shop@2.0.0',
      user: 'grace@example.com',
      attachments: [
        {
          id: expect.any(Number),
          name: 'screenshot.png',
          contentType: 'image/png',
          attachmentType: 'event.attachment',
          size: 70,
        },
      ],
    });
    expect(Date.parse(about?.dateCreated ?? '')).toBeGreaterThanOrEqual(
      Date.parse(widget?.dateCreated ?? ''),
    );

    // The tab has only the feedback about its error.
    const tab = await callApi(core, 'issues.feedback', { groupId: about?.groupId ?? 0 });
    expect(tab.feedback.map((entry) => entry.comments)).toEqual(['It said my card was declined']);

    const search = async (query: string) =>
      (await callApi(core, 'feedback.list', { projectId: 1, query })).feedback.map((entry) => entry.message);
    expect(await search('FOOTER')).toEqual(['The checkout button is hidden behind the footer']);
    expect(await search('hopper')).toEqual(['The checkout button is hidden behind the footer']);
    expect(await search('shop.local/checkout')).toEqual(['The checkout button is hidden behind the footer']);
    expect(await search('card was')).toEqual(['It said my card was declined']);
    expect(await search('nothing like it')).toEqual([]);

    const second = await callApi(core, 'feedback.list', { projectId: 1, offset: 1, limit: 1 });
    expect(second.feedback.map((entry) => entry.id)).toEqual([widget?.id]);
    expect(second.total).toBe(2);
    expect((await callApi(core, 'feedback.list', { projectId: 2 })).feedback).toEqual([]);
  });

  it.skipIf(noPython !== undefined)(
    'lists the Python SDK’s user reports by the rules of the issue’s tab: one per event, the latest wins',
    async () => {
      const core = await start();
      const dsn = core.ctx.projects.defaultDsn(1) ?? '';
      const reports = [
        { name: 'Ada', email: 'ada@example.com', comments: 'It broke' },
        { name: 'Ada L.', email: 'ada@example.com', comments: 'It broke when I paid' },
      ];
      const { stdout } = await run(PYTHON, [PYTHON_FIXTURE, dsn, JSON.stringify(reports)], {
        timeout: 30_000,
      });
      await core.ctx.pipeline.call('pipeline.drain', {});
      const eventId = stdout.trim().split('\n').at(-1);
      const { feedback } = await callApi(core, 'feedback.list', { projectId: 1 });
      expect(feedback).toEqual([
        expect.objectContaining({
          source: 'user_report',
          eventId,
          name: 'Ada L.',
          email: 'ada@example.com',
          message: 'It broke when I paid',
          groupId: expect.any(Number),
          // A report names only who wrote what; as Sentry's shim to feedback, the rest is its event's.
          environment: 'production',
        }),
      ]);
    },
  );

  it('reads the newest MAX_FEEDBACK_ITEMS items and says older ones were not read', async () => {
    const core = await start();
    // Stored as the pipeline stores a feedback item; the oldest one is beyond the bound.
    const insert = core.ctx.db.prepare(
      "INSERT INTO item_store (project_id, type, received, event_id, data) VALUES (1, 'feedback', ?, ?, ?)",
    );
    const now = Date.now();
    core.ctx.db.transaction(() => {
      for (let n = 0; n <= MAX_FEEDBACK_ITEMS; n++) {
        const message = n === 0 ? 'the oldest' : `feedback ${n}`;
        const event = { type: 'feedback', timestamp: (now + n) / 1000, contexts: { feedback: { message } } };
        insert.run(
          now + n,
          n.toString(16).padStart(32, '0'),
          encodeNode({ headers: { type: 'feedback' }, body: event }),
        );
      }
    })();
    const page = await callApi(core, 'feedback.list', { projectId: 1, limit: 3 });
    expect(page.partial).toBe(true);
    expect(page.total).toBe(MAX_FEEDBACK_ITEMS);
    expect(page.feedback.map((entry) => entry.message)).toEqual([
      `feedback ${MAX_FEEDBACK_ITEMS}`,
      `feedback ${MAX_FEEDBACK_ITEMS - 1}`,
      `feedback ${MAX_FEEDBACK_ITEMS - 2}`,
    ]);
    expect((await callApi(core, 'feedback.list', { projectId: 1, query: 'the oldest' })).total).toBe(0);
  });
});
