/**
 * Protocol Buffers' wire format, read by hand (the OTLP messages need no more): a field is a tag
 * (field number and wire type) followed by a varint, 8 bytes, a length-delimited run or 4 bytes.
 * Groups (wire types 3 and 4) are long deprecated and never appear in OTLP; they are refused.
 */

export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_FIXED32 = 5;

export class WireReader {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  #at = 0;
  readonly #end: number;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#end = bytes.byteLength;
  }

  get done(): boolean {
    return this.#at >= this.#end;
  }

  /** The next field's number and wire type. */
  tag(): { field: number; wire: number } {
    const tag = this.varint();
    const field = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    if (field === 0) throw new WireError('invalid field number 0');
    return { field, wire };
  }

  /** A varint as an unsigned 64-bit integer (at most 10 bytes). */
  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.#at >= this.#end) throw new WireError('truncated varint');
      const byte = this.#bytes[this.#at++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result & 0xffff_ffff_ffff_ffffn;
    }
    throw new WireError('varint longer than 10 bytes');
  }

  /** A varint read as an `int64` (two's complement). */
  int64(): bigint {
    return BigInt.asIntN(64, this.varint());
  }

  /** A varint read as an `int32`/enum/`uint32`/`bool` value (the low 32 bits, signed as int32). */
  int32(): number {
    return Number(BigInt.asIntN(32, this.varint()));
  }

  fixed64(): bigint {
    this.#need(8);
    const value = this.#view.getBigUint64(this.#at, true);
    this.#at += 8;
    return value;
  }

  double(): number {
    this.#need(8);
    const value = this.#view.getFloat64(this.#at, true);
    this.#at += 8;
    return value;
  }

  fixed32(): number {
    this.#need(4);
    const value = this.#view.getUint32(this.#at, true);
    this.#at += 4;
    return value;
  }

  /** A length-delimited field's bytes (a view, not a copy). */
  bytes(): Uint8Array {
    const length = this.varint();
    if (length > BigInt(this.#end - this.#at))
      throw new WireError('length-delimited field runs past the end');
    const start = this.#at;
    this.#at += Number(length);
    return this.#bytes.subarray(start, this.#at);
  }

  string(): string {
    const bytes = this.bytes();
    try {
      return UTF8.decode(bytes);
    } catch {
      throw new WireError('string field is not valid UTF-8');
    }
  }

  /** Skips a field of this wire type (an unknown field, or a known one sent with another type). */
  skip(wire: number): void {
    switch (wire) {
      case WIRE_VARINT:
        this.varint();
        return;
      case WIRE_FIXED64:
        this.#need(8);
        this.#at += 8;
        return;
      case WIRE_LEN:
        this.bytes();
        return;
      case WIRE_FIXED32:
        this.#need(4);
        this.#at += 4;
        return;
      default:
        throw new WireError(`unsupported wire type ${wire}`);
    }
  }

  #need(bytes: number): void {
    if (this.#end - this.#at < bytes) throw new WireError('truncated fixed-width field');
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads every field of one message: `read` is called with each field's number and wire type and
 * returns false for a field it does not take, which is then skipped (as protobuf does with unknown
 * fields). A known field with the wrong wire type is refused: the bytes are no such message.
 */
export function readMessage(
  bytes: Uint8Array,
  read: (reader: WireReader, field: number, wire: number) => boolean,
): void {
  const reader = new WireReader(bytes);
  while (!reader.done) {
    const { field, wire } = reader.tag();
    if (!read(reader, field, wire)) reader.skip(wire);
  }
}

/** Throws unless a field came with the wire type its declaration gives it. */
export function expectWire(field: number, wire: number, expected: number): void {
  if (wire !== expected) throw new WireError(`field ${field} has wire type ${wire}, expected ${expected}`);
}
