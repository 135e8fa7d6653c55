/**
 * A project's Fingerprint Rules and Stack Trace Rules (Sentry's Settings → Issue Grouping) set
 * through the API and applied by a real core: a fingerprint rule joins different errors into one
 * issue, `{{ default }}` keeps the stack trace's grouping salted, a stack trace rule changes which
 * frames contribute; a change applies to the next event; the event's Grouping info shows the rules'
 * effect; a text that does not parse is refused naming its line and column. Also through Sentry's
 * web API (project details), as Sentry's Settings page reads and writes them.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import type { GroupingComponentView } from '../../../src-shared/issues-api.ts';
import { callApi, sendEnvelope, startCore } from '../../support/core.ts';
import { tempDir } from '../../support/serve.ts';
import { sentryApiClient } from '../sentry-api/api-client.ts';

let core: Core;
beforeAll(async () => {
  core = await startCore(tempDir(), { httpRpc: true });
}, 60_000);
afterAll(() => core?.close());

const sentryApi = sentryApiClient(() => core);

/** An error thrown through in-app frames calling each other in the order given (the last threw). */
async function sendError(type: string, value: string, functions: string[]): Promise<string> {
  const eventId = crypto.randomUUID().replaceAll('-', '');
  const event = {
    event_id: eventId,
    platform: 'node',
    exception: {
      values: [
        {
          type,
          value,
          stacktrace: {
            frames: functions.map((fn, i) => ({
              function: fn,
              filename: `/app/src/${fn}.js`,
              abs_path: `/app/src/${fn}.js`,
              lineno: 10 + i,
              in_app: true,
            })),
          },
        },
      ],
    },
  };
  const header = JSON.stringify({ event_id: eventId });
  await sendEnvelope(core, [header, JSON.stringify({ type: 'event' }), JSON.stringify(event)].join('\n'));
  return eventId;
}

async function groupOf(eventId: string): Promise<number> {
  const info = await callApi(core, 'events.grouping', { projectId: 1, eventId });
  const groupId = info.hashGroups[0]?.groupId;
  if (!groupId) throw new Error(`event ${eventId} has no group`);
  return groupId;
}

/** The frames of a component tree with the function each names, whether it contributes, and why. */
function framesOf(component: GroupingComponentView | null | undefined) {
  const frames: Array<{ function: unknown; contributes: boolean; hint: string | null }> = [];
  const visit = (node: GroupingComponentView) => {
    if (node.id === 'frame') {
      const fn = node.values.find(
        (v): v is GroupingComponentView => typeof v === 'object' && v.id === 'function',
      );
      frames.push({ function: fn?.values[0], contributes: node.contributes, hint: node.hint });
    } else for (const child of node.values) if (typeof child === 'object') visit(child);
  };
  if (component) visit(component);
  return frames;
}

const setRules = (rules: { fingerprintingRules?: string; groupingEnhancements?: string }) =>
  callApi(core, 'projects.setGroupingRules', { projectId: 1, ...rules });

describe('grouping rules', () => {
  afterEach(() => setRules({ fingerprintingRules: '', groupingEnhancements: '' }));

  it('are empty by default, and a text that does not parse is refused naming its line and column', async () => {
    expect(await callApi(core, 'projects.getGroupingRules', { projectId: 1 })).toEqual({
      fingerprintingRules: '',
      groupingEnhancements: '',
    });
    await expect(
      setRules({ fingerprintingRules: 'error.type:TypeError -> type-errors\nerror.type:RangeError range' }),
    ).rejects.toMatchObject({
      type: 'invalid_params',
      message: expect.stringContaining('Fingerprint Rules: Invalid syntax near "range" (line 2, column 23)'),
    });
    await expect(setRules({ fingerprintingRules: 'error.type:X -> grp, tilte="Oops"' })).rejects.toThrow(
      "Unknown attribute 'tilte' (line 1, column 22)",
    );
    await expect(setRules({ groupingEnhancements: 'stack.function:helper* -gruop' })).rejects.toThrow(
      'Stack Trace Rules: Invalid syntax near "-gruop" (line 1, column 24)',
    );
    await expect(
      callApi(core, 'projects.setGroupingRules', { projectId: 9, fingerprintingRules: '' }),
    ).rejects.toMatchObject({ type: 'not_found' });
    // Nothing refused was stored.
    expect(await callApi(core, 'projects.getGroupingRules', { projectId: 1 })).toEqual({
      fingerprintingRules: '',
      groupingEnhancements: '',
    });
  });

  it('join different TypeErrors into one issue with a fingerprint rule, from the next event on', async () => {
    const before = [
      await sendError('TypeError', 'x is undefined', ['main', 'render']),
      await sendError('TypeError', 'y is not a function', ['main', 'submit']),
    ];
    expect(new Set(await Promise.all(before.map(groupOf))).size).toBe(2);

    const rules = 'error.type:TypeError -> type-errors';
    expect(await setRules({ fingerprintingRules: rules })).toEqual({
      fingerprintingRules: rules,
      groupingEnhancements: '',
    });
    const after = [
      await sendError('TypeError', 'x is undefined', ['main', 'render']),
      await sendError('TypeError', 'y is not a function', ['main', 'submit']),
    ];
    const range = await sendError('RangeError', 'too deep', ['main', 'submit']);
    const [first, second] = await Promise.all(after.map(groupOf));
    expect(first).toBe(second);
    expect(before).not.toContain(first);
    expect(await groupOf(range)).not.toBe(first);

    // The event's Grouping info shows the rule that decided, and the issue that hash belongs to.
    const info = await callApi(core, 'events.grouping', { projectId: 1, eventId: after[0] as string });
    expect(info.contributingVariant).toBe('custom_server_fingerprint');
    expect(info.variants.custom_server_fingerprint).toMatchObject({
      values: ['type-errors'],
      matchedRule: { text: 'type:"TypeError" -> "type-errors"', isBuiltin: false },
    });
    expect(info.hashGroups).toEqual([{ hash: expect.any(String), groupId: first }]);
  }, 60_000);

  it('keep the stack trace deciding, salted, with a {{ default }} hybrid fingerprint', async () => {
    const plain = await groupOf(await sendError('CardError', 'declined', ['main', 'pay']));
    await setRules({ fingerprintingRules: 'error.type:CardError -> {{ default }}, cards' });
    const pay = await sendError('CardError', 'declined', ['main', 'pay']);
    const payAgain = await sendError('CardError', 'expired', ['main', 'pay']);
    const refund = await sendError('CardError', 'declined', ['main', 'refund']);
    expect(await groupOf(pay)).toBe(await groupOf(payAgain));
    expect(await groupOf(refund)).not.toBe(await groupOf(pay));
    // Salted: not the issue the same stack trace made without the rule.
    expect(await groupOf(pay)).not.toBe(plain);
    const info = await callApi(core, 'events.grouping', { projectId: 1, eventId: pay });
    expect(info.variants.app).toMatchObject({ type: 'salted_component', values: ['{{ default }}', 'cards'] });
  }, 60_000);

  it('change which frames contribute with a stack trace rule', async () => {
    const a = await sendError('HelperError', 'failed', ['main', 'helperParse']);
    const b = await sendError('HelperError', 'failed', ['main', 'helperFormat']);
    expect(await groupOf(a)).not.toBe(await groupOf(b));

    await setRules({ groupingEnhancements: 'stack.function:helper* -group' });
    const c = await sendError('HelperError', 'failed', ['main', 'helperParse']);
    const d = await sendError('HelperError', 'failed', ['main', 'helperFormat']);
    expect(await groupOf(c)).toBe(await groupOf(d));

    const info = await callApi(core, 'events.grouping', { projectId: 1, eventId: c });
    expect(framesOf(info.variants.app?.component)).toEqual([
      { function: 'main', contributes: true, hint: 'marked in-app by the client' },
      {
        function: 'helperParse',
        contributes: false,
        hint: 'marked in-app by the client but ignored by custom stacktrace rule (function:helper* -group)',
      },
    ]);

    // Cleared: the next events group by every frame again.
    await setRules({ groupingEnhancements: '' });
    const e = await sendError('HelperError', 'failed', ['main', 'helperParse']);
    expect(await groupOf(e)).toBe(await groupOf(a));
  }, 60_000);

  it("are in Sentry's project details, and set there with Sentry's field errors", async () => {
    const details = await sentryApi('/api/0/projects/faultline/default/');
    expect(details.json).toMatchObject({
      slug: 'default',
      fingerprintingRules: '',
      groupingEnhancements: '',
    });

    const refused = await sentryApi('/api/0/projects/faultline/default/', {
      method: 'PUT',
      body: { fingerprintingRules: 'error.type:TypeError type-errors' },
    });
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual({
      fingerprintingRules: [
        expect.stringMatching(/^Invalid syntax near "type-errors" \(line 1, column 22\)/),
      ],
    });

    const rules = 'error.type:TypeError -> type-errors';
    const stored = await sentryApi('/api/0/projects/faultline/default/', {
      method: 'PUT',
      body: { fingerprintingRules: rules, groupingEnhancements: 'stack.function:helper* -group' },
    });
    expect(stored.status).toBe(200);
    expect(stored.json).toMatchObject({
      fingerprintingRules: rules,
      groupingEnhancements: 'stack.function:helper* -group',
    });
    expect(await callApi(core, 'projects.getGroupingRules', { projectId: 1 })).toEqual({
      fingerprintingRules: rules,
      groupingEnhancements: 'stack.function:helper* -group',
    });
  });
});
