// 64-bit FNV-1a over UTF-8, computed in two 32-bit halves (no BigInt per byte). It stands in for
// ClickHouse's cityHash64 in the read-only hash columns: same role (equality, uniq), other values.

const encoder = new TextEncoder();

/** One FNV-1a step over a byte, on the (hi, lo) halves of the 64-bit state. */
function step(state: { hi: number; lo: number }, byte: number): void {
  const lo = (state.lo ^ byte) >>> 0;
  // (hi:lo) * prime = (hi:lo) * 0x1b3 + (lo << 40)
  const loMul = lo * 0x1b3;
  const carry = Math.floor(loMul / 0x100000000);
  state.lo = loMul >>> 0;
  state.hi = (Math.imul(state.hi, 0x1b3) + carry + ((lo << 8) >>> 0)) >>> 0;
}

export function fnv1a64(text: string): bigint {
  // offset basis 0xcbf29ce484222325, prime 0x100000001b3 (= 2^40 + 0x1b3)
  const state = { hi: 0xcbf29ce4, lo: 0x84222325 };
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  // ASCII text is its own UTF-8: hash the char codes without encoding the string first.
  if (ascii) for (let i = 0; i < text.length; i++) step(state, text.charCodeAt(i));
  else for (const byte of encoder.encode(text)) step(state, byte);
  return (BigInt(state.hi) << 32n) | BigInt(state.lo);
}

/** Snuba's `_tags_hash_map` entry text: `key=value`, with `\` and `=` in the key escaped. */
export function tagHashText(key: string, value: string): string {
  return `${key.replaceAll('\\', '\\\\').replaceAll('=', '\\=')}=${value}`;
}
