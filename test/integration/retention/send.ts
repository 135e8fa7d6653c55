/** Sends hand-built event envelopes to a running core over HTTP, as an SDK would. */
import crypto from 'node:crypto';
import type { Core } from '../../../src-main/core/core.ts';
import { callApi as call } from '../../support/core.ts';

/** Calls an API method on a core (test/support/core.ts). */
export { call };

export const DAY_MS = 86_400_000;

export interface TestEvent {
  type: string;
  value: string;
  /** When the error happened (the event's `timestamp`). */
  at: number;
  attachment?: Buffer;
}

function envelopeOf(event: TestEvent, eventId: string): Buffer {
  const payload = Buffer.from(
    JSON.stringify({
      event_id: eventId,
      timestamp: event.at / 1000,
      platform: 'node',
      level: 'error',
      user: { id: event.value },
      exception: {
        values: [
          {
            type: event.type,
            value: event.value,
            stacktrace: {
              frames: [
                {
                  function: `throw${event.type}`,
                  filename: `/app/${event.type}.js`,
                  lineno: 3,
                  in_app: true,
                },
              ],
            },
          },
        ],
      },
    }),
  );
  // No `sent_at`: Relay would correct the timestamp by the clock drift it measures from it.
  const parts = [
    `${JSON.stringify({ event_id: eventId })}\n`,
    `${JSON.stringify({ type: 'event', length: payload.length })}\n`,
  ];
  const chunks: Buffer[] = [Buffer.from(parts.join('')), payload, Buffer.from('\n')];
  if (event.attachment) {
    chunks.push(
      Buffer.from(
        `${JSON.stringify({ type: 'attachment', length: event.attachment.length, filename: 'dump.bin', content_type: 'application/octet-stream' })}\n`,
      ),
      event.attachment,
      Buffer.from('\n'),
    );
  }
  return Buffer.concat(chunks);
}

/** Sends the events and waits until the pipeline processed them; returns their ids in order. */
export async function sendEvents(core: Core, events: readonly TestEvent[]): Promise<string[]> {
  const key = core.ctx.projects.get(1)?.keys[0]?.publicKey;
  const ids: string[] = [];
  for (const event of events) {
    const eventId = crypto.randomUUID().replaceAll('-', '');
    const response = await fetch(`${core.url}/api/1/envelope/?sentry_key=${key}&sentry_version=7`, {
      method: 'POST',
      body: new Uint8Array(envelopeOf(event, eventId)),
    });
    if (response.status !== 200)
      throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
    ids.push(eventId);
  }
  await core.ctx.pipeline.call('pipeline.drain', {});
  return ids;
}

/** Issue titles of the list, with their event counts, over the last 30 days. */
export async function listed(core: Core): Promise<Record<string, number>> {
  const list = await call(core, 'issues.list', { projectId: 1, query: '', period: '30d', sort: 'date' });
  return Object.fromEntries(list.issues.map((issue) => [issue.title, issue.count]));
}
