/**
 * A `multipart/form-data` parser (RFC 7578) over a Buffer, for the minidump and attachments
 * routes. Binary-safe: part bodies are views into the request body.
 */
import { IngestError } from './errors.ts';

export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

const MAX_PARTS = 1000;
const MAX_HEADER_BYTES = 16 * 1024;

export const invalidMultipart = (cause: string) =>
  new IngestError('invalid_multipart', 400, 'invalid multipart data', { causes: [cause] });

/** The boundary of a multipart content type, or undefined when the type is not multipart. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^\s*multipart\/form-data\s*(;|$)/i.test(contentType)) return undefined;
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary || boundary.length > 200) throw invalidMultipart('missing or invalid boundary');
  return boundary;
}

export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let at = body.indexOf(delimiter);
  if (at === -1) throw invalidMultipart('no boundary found');
  for (;;) {
    let cursor = at + delimiter.length;
    if (body[cursor] === 0x2d && body[cursor + 1] === 0x2d) return parts; // closing `--boundary--`
    cursor = skipLineBreak(body, cursor);
    const headersEnd = findHeadersEnd(body, cursor);
    const headers = parseHeaders(body.toString('utf8', cursor, headersEnd.start));
    const dataStart = headersEnd.end;
    const next = findNextDelimiter(body, delimiter, dataStart);
    if (next === undefined) throw invalidMultipart('unexpected end of multipart body');
    parts.push({ ...headers, data: body.subarray(dataStart, next.dataEnd) });
    if (parts.length > MAX_PARTS) throw invalidMultipart('too many parts');
    at = next.delimiterAt;
  }
}

function skipLineBreak(body: Buffer, at: number): number {
  // Transport padding (spaces, tabs) may follow a boundary.
  let cursor = at;
  while (body[cursor] === 0x20 || body[cursor] === 0x09) cursor++;
  if (body[cursor] === 0x0d && body[cursor + 1] === 0x0a) return cursor + 2;
  if (body[cursor] === 0x0a) return cursor + 1;
  throw invalidMultipart('expected a line break after the boundary');
}

function findHeadersEnd(body: Buffer, from: number): { start: number; end: number } {
  // A part without headers starts with an empty line right away.
  if (body[from] === 0x0d && body[from + 1] === 0x0a) return { start: from, end: from + 2 };
  if (body[from] === 0x0a) return { start: from, end: from + 1 };
  const crlf = body.indexOf('\r\n\r\n', from);
  const lf = body.indexOf('\n\n', from);
  const candidates = [
    crlf === -1 ? undefined : { start: crlf, end: crlf + 4 },
    lf === -1 ? undefined : { start: lf, end: lf + 2 },
  ];
  const found = candidates
    .filter((c): c is { start: number; end: number } => c !== undefined)
    .sort((a, b) => a.start - b.start)[0];
  if (!found || found.start - from > MAX_HEADER_BYTES) throw invalidMultipart('part headers not terminated');
  return found;
}

/** The next `\r\n--boundary` (or `\n--boundary`) after a part's data. */
function findNextDelimiter(
  body: Buffer,
  delimiter: Buffer,
  from: number,
): { dataEnd: number; delimiterAt: number } | undefined {
  let search = from;
  for (;;) {
    const at = body.indexOf(delimiter, search);
    if (at === -1) return undefined;
    if (at >= from + 2 && body[at - 2] === 0x0d && body[at - 1] === 0x0a)
      return { dataEnd: at - 2, delimiterAt: at };
    if (at >= from + 1 && body[at - 1] === 0x0a) return { dataEnd: at - 1, delimiterAt: at };
    if (at === from) return { dataEnd: at, delimiterAt: at };
    search = at + 1;
  }
}

function parseHeaders(text: string): Omit<MultipartPart, 'data'> {
  let name: string | undefined;
  let filename: string | undefined;
  let contentType: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'content-type') contentType = value;
    if (key === 'content-disposition') {
      name = dispositionParam(value, 'name');
      filename = dispositionParam(value, 'filename');
    }
  }
  if (name === undefined) throw invalidMultipart('part without a name');
  const part: Omit<MultipartPart, 'data'> = { name };
  if (filename !== undefined) part.filename = filename;
  if (contentType !== undefined) part.contentType = contentType;
  return part;
}

function dispositionParam(value: string, param: string): string | undefined {
  const match = new RegExp(`(?:^|;)\\s*${param}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i').exec(value);
  if (!match) return undefined;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2]?.trim();
}
