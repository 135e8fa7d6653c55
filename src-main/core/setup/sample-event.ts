/**
 * "Send a sample event" (Sentry's `create_sample_event`): a realistic Node.js error, tagged
 * `sample_event: yes` as Sentry tags its samples, put straight into the ingest queue (as Sentry
 * hands its sample to the event manager, past Relay). The pipeline keeps it out of the issue's
 * counts and the event index; the issue and the event page show it like any other.
 */
import crypto from 'node:crypto';
import { FaultlineError } from '../../../src-shared/errors.ts';
import type { SampleEventResult } from '../../../src-shared/settings-api.ts';
import type { CoreContext } from '../context.ts';
import { FAULTLINE_VERSION } from '../version.ts';

const SAMPLE_CLIENT = `faultline.sample/${FAULTLINE_VERSION}`;

function frame(
  functionName: string,
  filename: string,
  lineno: number,
  inApp: boolean,
  context?: { pre: string[]; line: string; post: string[] },
) {
  return {
    function: functionName,
    module: filename
      .replace(/^\/app\//, '')
      .replace(/\.js$/, '')
      .replaceAll('/', ':'),
    filename,
    abs_path: filename,
    lineno,
    colno: 23,
    in_app: inApp,
    ...(context ? { pre_context: context.pre, context_line: context.line, post_context: context.post } : {}),
  };
}

/** The event as a Node SDK would send it, outermost frame first (Sentry's frame order). */
export function sampleEvent(eventId: string, now: Date): Record<string, unknown> {
  const seconds = now.getTime() / 1000;
  return {
    event_id: eventId,
    timestamp: seconds,
    platform: 'node',
    level: 'error',
    logger: 'sample',
    environment: 'sample',
    release: 'sample-app@1.0.0',
    server_name: 'sample-host',
    tags: { sample_event: 'yes', route: '/checkout' },
    user: { id: '42', email: 'jane@example.com', ip_address: '127.0.0.1' },
    request: {
      method: 'POST',
      url: 'http://localhost:3000/checkout',
      headers: { 'content-type': 'application/json', 'user-agent': 'Mozilla/5.0 (sample)' },
      data: { cart: 'c_1029', coupon: null },
    },
    contexts: {
      runtime: { name: 'node', version: process.versions.node },
      os: { name: process.platform },
      app: { app_name: 'sample-app' },
    },
    breadcrumbs: {
      values: [
        {
          timestamp: seconds - 3,
          category: 'http',
          type: 'http',
          data: { method: 'GET', url: '/cart', status_code: 200 },
        },
        { timestamp: seconds - 1, category: 'ui.click', message: 'button#pay', level: 'info' },
        { timestamp: seconds - 0.2, category: 'console', message: 'applying coupon', level: 'log' },
      ],
    },
    exception: {
      values: [
        {
          type: 'TypeError',
          value: "Cannot read properties of undefined (reading 'amount')",
          mechanism: { type: 'onunhandledrejection', handled: false },
          stacktrace: {
            frames: [
              frame('processTicksAndRejections', 'node:internal/process/task_queues', 95, false),
              frame(
                'Layer.handle [as handle_request]',
                '/app/node_modules/express/lib/router/layer.js',
                95,
                false,
              ),
              frame('checkout', '/app/routes/checkout.js', 18, true, {
                pre: [
                  'router.post("/checkout", async (req, res) => {',
                  '  const cart = await loadCart(req.body.cart);',
                ],
                line: '  const total = applyDiscount(cart, req.body.coupon);',
                post: ['  res.json({ total });', '});'],
              }),
              frame('applyDiscount', '/app/lib/pricing.js', 7, true, {
                pre: ['export function applyDiscount(cart, coupon) {', '  const base = cart.total;'],
                line: '  return base - coupon.amount;',
                post: ['}'],
              }),
            ],
          },
        },
      ],
    },
    sdk: { name: 'faultline.sample', version: FAULTLINE_VERSION },
  };
}

function envelopeOf(event: Record<string, unknown>, eventId: string, now: Date): Buffer {
  const payload = Buffer.from(JSON.stringify(event));
  return Buffer.concat([
    Buffer.from(`${JSON.stringify({ event_id: eventId, sent_at: now.toISOString() })}\n`),
    Buffer.from(`${JSON.stringify({ type: 'event', length: payload.length })}\n`),
    payload,
    Buffer.from('\n'),
  ]);
}

export async function sendSampleEvent(ctx: CoreContext, projectId: number): Promise<SampleEventResult> {
  const project = ctx.projects.get(projectId);
  if (!project) throw new FaultlineError('not_found', `project ${projectId} does not exist`);
  const eventId = crypto.randomUUID().replaceAll('-', '');
  const now = new Date();
  await ctx.ingestQueue.enqueue({
    projectId,
    keyId: null,
    route: 'envelope',
    eventId,
    receivedAt: now.getTime(),
    clientIp: null,
    userAgent: null,
    origin: null,
    sentryClient: SAMPLE_CLIENT,
    envelope: envelopeOf(sampleEvent(eventId, now), eventId, now),
  });
  return { eventId, projectId };
}
