import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-main/core/pipeline/normalize/json.ts';
import { normalizeEvent } from '../../../src-main/core/pipeline/normalize/normalize_event.ts';
import { capturedEvents, corpusPresent, warnIfCorpusMissing } from './corpus.ts';

warnIfCorpusMissing();

const captures = corpusPresent ? capturedEvents() : [];

function normalizeCapture(capture: (typeof captures)[number], receivedAt?: Date) {
  const sentAt = String(capture.envelopeHeaders.sent_at);
  return normalizeEvent(capture.event, {
    receivedAt: receivedAt ?? new Date(Date.parse(sentAt) + 20),
    sentAt,
    projectId: 42,
    keyId: 7,
    clientIp: '192.0.2.10',
    envelopeEventId: String(capture.envelopeHeaders.event_id),
    sentryClient: capture.sentryClient,
  });
}

describe('events captured from @sentry/node and @sentry/browser', () => {
  it.skipIf(!corpusPresent)('the corpus holds node and browser events', () => {
    expect(captures.map((c) => c.file)).toEqual(
      expect.arrayContaining(['node-v11-event-exception.envelope', 'browser-v11-event-exception.envelope']),
    );
  });

  it.skipIf(!corpusPresent)('normalize without errors, keeping their id, time and SDK', () => {
    for (const capture of captures) {
      const { event, errors } = normalizeCapture(capture);
      expect(errors, capture.file).toEqual([]);
      expect(event.event_id, capture.file).toBe(capture.envelopeHeaders.event_id);
      expect(event.timestamp, capture.file).toBe(capture.event.timestamp);
      expect(event.type, capture.file).toBe('error');
      expect((event.sdk as JsonObject).name, capture.file).toBe((capture.event.sdk as JsonObject).name);
      expect(event.project).toBe(42);
      expect(event.key_id).toBe('7');
    }
  });

  it.skipIf(!corpusPresent)(
    'the browser event gets the client IP (infer_ip: auto) and URL frames reduced to paths',
    () => {
      const capture = captures.find((c) => c.file === 'browser-v11-event-exception.envelope');
      if (!capture) throw new Error('browser capture missing');
      const { event } = normalizeCapture(capture);
      expect((event.user as JsonObject).ip_address).toBe('192.0.2.10');
      expect((event.user as JsonObject).sentry_user).toBe('ip:192.0.2.10');
      const frames = (
        (((event.exception as JsonObject).values as JsonObject[])[0] as JsonObject).stacktrace as JsonObject
      ).frames as JsonObject[];
      const bundle = frames.find((frame) => frame.abs_path === 'http://127.0.0.1:38553/bundle.js');
      expect(bundle?.filename).toBe('/bundle.js');
      expect((event.contexts as JsonObject).browser).toMatchObject({
        name: 'HeadlessChrome',
        type: 'browser',
      });
    },
  );

  it.skipIf(!corpusPresent)('a node server event does not get the request IP as the user IP', () => {
    const capture = captures.find((c) => c.file === 'node-v11-event-exception.envelope');
    if (!capture) throw new Error('node capture missing');
    const { event } = normalizeCapture(capture);
    expect(event.user).toBeUndefined();
    expect(event.tags).toEqual(expect.arrayContaining([['server_name', 'vm']]));
  });

  it.skipIf(!corpusPresent)('captureMessage becomes a logentry and keeps its synthetic exception', () => {
    const capture = captures.find((c) => c.file === 'node-v11-event-message.envelope');
    if (!capture) throw new Error('message capture missing');
    const { event } = normalizeCapture(capture);
    expect(event.logentry).toEqual({ formatted: 'Research message' });
    expect(event.message).toBeUndefined();
    expect(event.level).toBe('warning');
  });

  it.skipIf(!corpusPresent)('an SDK clock two hours behind shifts every timestamp by the drift', () => {
    const capture = captures.find((c) => c.file === 'node-v11-event-message.envelope');
    if (!capture) throw new Error('message capture missing');
    const sentAt = Date.parse(String(capture.envelopeHeaders.sent_at));
    const receivedAt = new Date(sentAt + 2 * 3600 * 1000);
    const { event, errors } = normalizeCapture(capture, receivedAt);
    const drift = 2 * 3600;
    expect(event.timestamp).toBeCloseTo(Number(capture.event.timestamp) + drift, 3);
    const crumb = ((event.breadcrumbs as JsonObject).values as JsonObject[])[0] as JsonObject;
    const originalCrumb = (capture.event.breadcrumbs as JsonObject[])[0] as JsonObject;
    expect(crumb.timestamp).toBeCloseTo(Number(originalCrumb.timestamp) + drift, 3);
    expect(errors).toEqual([expect.objectContaining({ type: 'clock_drift', name: 'timestamp' })]);
  });
});
