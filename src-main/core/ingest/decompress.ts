/**
 * Reads a request body, undoing `Content-Encoding` as a stream with the size limit enforced on
 * the decompressed bytes while inflating (Relay: `middlewares/decompression.rs` then
 * `DefaultBodyLimit`). A decompression bomb is stopped at the limit: no more than `limit` bytes
 * are ever held. Chunked and Content-Length bodies alike.
 */
import type http from 'node:http';
import type { Transform } from 'node:stream';
import zlib from 'node:zlib';
import { IngestError, payloadTooLarge } from './errors.ts';

type Encoding = 'gzip' | 'deflate' | 'br' | 'zstd';

/**
 * The decoders to apply, in order, for a Content-Encoding value. Empty values and `UTF-8`
 * (sent by sentry-ruby 5.x and old sentry-java) are ignored as Relay does; unknown ones are 415.
 */
export function parseContentEncoding(header: string | undefined): Encoding[] {
  if (!header) return [];
  const applied: Encoding[] = [];
  for (const raw of header.split(',')) {
    const name = raw.trim().toLowerCase();
    if (name === '' || name === 'utf-8' || name === 'identity') continue;
    if (name === 'gzip' || name === 'x-gzip') applied.push('gzip');
    else if (name === 'deflate') applied.push('deflate');
    else if (name === 'br') applied.push('br');
    else if (name === 'zstd') applied.push('zstd');
    else {
      throw new IngestError('invalid_compression', 415, 'unsupported content encoding', {
        causes: [`unsupported content encoding '${name}'`],
      });
    }
  }
  // Encodings are listed in the order they were applied; undo them last first.
  return applied.reverse();
}

export function createDecoder(encoding: Encoding): Transform {
  switch (encoding) {
    case 'gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    case 'zstd':
      return zlib.createZstdDecompress();
  }
}

const corrupt = (error: Error) =>
  new IngestError('invalid_compression', 400, 'failed to decompress request body', {
    causes: [error.message],
  });

/** Reads the whole (decoded) body; rejects with 413 as soon as more than `limit` bytes come out. */
export function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  const encodings = parseContentEncoding(req.headers['content-encoding']);
  const declared = Number(req.headers['content-length']);
  if (encodings.length === 0 && Number.isFinite(declared) && declared > limit) {
    return Promise.reject(payloadTooLarge());
  }
  return new Promise((resolve, reject) => {
    const decoders = encodings.map(createDecoder);
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (error: IngestError) => {
      if (settled) return;
      settled = true;
      for (const decoder of decoders) decoder.destroy();
      chunks.length = 0;
      // Keep reading (and dropping) the raw body so the reply can still be delivered.
      req.unpipe();
      req.resume();
      reject(error);
    };
    const last = decoders.reduce<NodeJS.ReadableStream>((source, decoder) => {
      decoder.on('error', (error: Error) => fail(corrupt(error)));
      return source.pipe(decoder);
    }, req);
    last.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) {
        fail(payloadTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    last.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(ownedBody(chunks, size));
    });
    req.on('error', (error: Error) =>
      fail(new IngestError('payload', 400, 'failed to read request body', { causes: [error.message] })),
    );
    req.on('close', () => {
      if (!req.complete)
        fail(new IngestError('payload', 400, 'failed to read request body', { causes: ['aborted'] }));
    });
  });
}

/**
 * The body in memory of its own (not a view into the socket's read buffer or the shared pool of
 * small Buffers), so the queue can move it to its writer thread without copying it again.
 */
function ownedBody(chunks: Buffer[], size: number): Buffer {
  const body = Buffer.allocUnsafeSlow(size);
  let at = 0;
  for (const chunk of chunks) at += chunk.copy(body, at);
  return body;
}
