/**
 * A MessagePack reader for the two payloads native crash reporters send that way (Relay's
 * `event.payload` and `event.breadcrumbs` attachments: sentry-native's `__sentry-event` and
 * `__sentry-breadcrumb1/2` form fields). Decodes into JSON values: binary strings become UTF-8
 * text, extension types are rejected. Malformed input throws `MsgpackError`.
 */
import { type JsonValue, setOwn } from './normalize/json.ts';

export class MsgpackError extends Error {}

/** How deep maps and arrays may nest: deeper input is not an event. */
const MAX_DEPTH = 64;

class Reader {
  offset = 0;
  readonly data: Buffer;
  constructor(data: Buffer) {
    this.data = data;
  }

  take(length: number): number {
    const start = this.offset;
    if (start + length > this.data.length) {
      throw new MsgpackError(`msgpack value runs past the end of the data at byte ${start}`);
    }
    this.offset += length;
    return start;
  }

  text(length: number): string {
    const start = this.take(length);
    return this.data.toString('utf8', start, start + length);
  }

  array(length: number, depth: number): JsonValue[] {
    const values: JsonValue[] = [];
    for (let i = 0; i < length; i++) values.push(this.value(depth + 1));
    return values;
  }

  map(length: number, depth: number): { [key: string]: JsonValue } {
    const object: { [key: string]: JsonValue } = {};
    for (let i = 0; i < length; i++) {
      const key = this.value(depth + 1);
      if (typeof key !== 'string' && typeof key !== 'number') {
        throw new MsgpackError(`msgpack map key at byte ${this.offset} is not a string or number`);
      }
      setOwn(object, String(key), this.value(depth + 1));
    }
    return object;
  }

  value(depth = 0): JsonValue {
    if (depth > MAX_DEPTH) throw new MsgpackError(`msgpack nests deeper than ${MAX_DEPTH} levels`);
    const at = this.take(1);
    const byte = this.data[at] as number;
    const d = this.data;
    if (byte <= 0x7f) return byte;
    if (byte >= 0xe0) return byte - 0x100;
    if (byte >= 0x80 && byte <= 0x8f) return this.map(byte & 0x0f, depth);
    if (byte >= 0x90 && byte <= 0x9f) return this.array(byte & 0x0f, depth);
    if (byte >= 0xa0 && byte <= 0xbf) return this.text(byte & 0x1f);
    switch (byte) {
      case 0xc0:
        return null;
      case 0xc2:
        return false;
      case 0xc3:
        return true;
      case 0xc4:
        return this.text(d.readUInt8(this.take(1)));
      case 0xc5:
        return this.text(d.readUInt16BE(this.take(2)));
      case 0xc6:
        return this.text(d.readUInt32BE(this.take(4)));
      case 0xca:
        return d.readFloatBE(this.take(4));
      case 0xcb:
        return d.readDoubleBE(this.take(8));
      case 0xcc:
        return d.readUInt8(this.take(1));
      case 0xcd:
        return d.readUInt16BE(this.take(2));
      case 0xce:
        return d.readUInt32BE(this.take(4));
      case 0xcf:
        return Number(d.readBigUInt64BE(this.take(8)));
      case 0xd0:
        return d.readInt8(this.take(1));
      case 0xd1:
        return d.readInt16BE(this.take(2));
      case 0xd2:
        return d.readInt32BE(this.take(4));
      case 0xd3:
        return Number(d.readBigInt64BE(this.take(8)));
      case 0xd9:
        return this.text(d.readUInt8(this.take(1)));
      case 0xda:
        return this.text(d.readUInt16BE(this.take(2)));
      case 0xdb:
        return this.text(d.readUInt32BE(this.take(4)));
      case 0xdc:
        return this.array(d.readUInt16BE(this.take(2)), depth);
      case 0xdd:
        return this.array(d.readUInt32BE(this.take(4)), depth);
      case 0xde:
        return this.map(d.readUInt16BE(this.take(2)), depth);
      case 0xdf:
        return this.map(d.readUInt32BE(this.take(4)), depth);
      default:
        throw new MsgpackError(`unsupported msgpack type 0x${byte.toString(16)} at byte ${at}`);
    }
  }
}

/** The one value `data` holds; bytes after it are an error. */
export function decodeMsgpack(data: Buffer): JsonValue {
  const reader = new Reader(data);
  const value = reader.value();
  if (reader.offset !== data.length) {
    throw new MsgpackError(`${data.length - reader.offset} bytes after the msgpack value`);
  }
  return value;
}

/** Every value of a sequence written back to back (how breadcrumbs are sent). */
export function decodeMsgpackSequence(data: Buffer): JsonValue[] {
  const reader = new Reader(data);
  const values: JsonValue[] = [];
  while (reader.offset < data.length) values.push(reader.value());
  return values;
}
