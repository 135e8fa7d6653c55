// 64-bit FNV-1a over UTF-8, computed in two 32-bit halves (no BigInt per byte). It stands in for
// ClickHouse's cityHash64 in the read-only hash columns: same role (equality, uniq), other values.

const encoder = new TextEncoder();

/** The two halves become one BigInt through memory: one BigInt made instead of four (shift, or). */
const halves = new Uint32Array(2);
const whole = new BigUint64Array(halves.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const [LO, HI] = LITTLE_ENDIAN ? [0, 1] : [1, 0];

export function fnv1a64(text: string): bigint {
  // offset basis 0xcbf29ce484222325, prime 0x100000001b3 (= 2^40 + 0x1b3). ASCII text is its own
  // UTF-8: its char codes are hashed as they are read; the first other char starts over on the
  // encoded bytes. One step: (hi:lo) * prime = (hi:lo) * 0x1b3 + (lo << 40).
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) return fnv1a64Bytes(encoder.encode(text));
    const x = (lo ^ code) >>> 0;
    const loMul = x * 0x1b3;
    lo = loMul >>> 0;
    hi = (Math.imul(hi, 0x1b3) + Math.floor(loMul / 0x100000000) + ((x << 8) >>> 0)) >>> 0;
  }
  return join(hi, lo);
}

function fnv1a64Bytes(bytes: Uint8Array): bigint {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < bytes.length; i++) {
    const x = (lo ^ (bytes[i] as number)) >>> 0;
    const loMul = x * 0x1b3;
    lo = loMul >>> 0;
    hi = (Math.imul(hi, 0x1b3) + Math.floor(loMul / 0x100000000) + ((x << 8) >>> 0)) >>> 0;
  }
  return join(hi, lo);
}

function join(hi: number, lo: number): bigint {
  halves[HI] = hi;
  halves[LO] = lo;
  return whole[0] as bigint;
}

/** Snuba's `_tags_hash_map` entry text: `key=value`, with `\` and `=` in the key escaped. */
export function tagHashText(key: string, value: string): string {
  // Keys rarely hold either: two scans for them cost less than two replaceAll calls.
  if (key.indexOf('\\') === -1 && key.indexOf('=') === -1) return `${key}=${value}`;
  return `${key.replaceAll('\\', '\\\\').replaceAll('=', '\\=')}=${value}`;
}
