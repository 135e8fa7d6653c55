/** Reads a route's body within its limit and the process-wide in-flight budget (503 when exhausted). */
import type http from 'node:http';
import { readBody } from './decompress.ts';
import { IngestError, queueFull } from './errors.ts';
import type { IngestService } from './service.ts';

export interface HeldBody {
  body: Buffer;
  /** Returns the body's bytes to the in-flight budget once the request is answered. */
  release(): void;
}

export async function readIngestBody(
  service: IngestService,
  req: http.IncomingMessage,
  limit: number,
): Promise<HeldBody> {
  if (service.inflight.used >= service.inflight.max) throw queueFull();
  const body = await readBody(req, limit);
  if (!service.inflight.tryTake(body.length)) throw queueFull();
  let released = false;
  // The queue may take the body's memory (it then reads as empty): remember what was taken.
  const size = body.length;
  return {
    body,
    release: () => {
      if (released) return;
      released = true;
      service.inflight.give(size);
    },
  };
}

export const emptyBody = () => new IngestError('empty_body', 400, 'empty request body');
