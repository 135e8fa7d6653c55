// 64-bit FNV-1a over UTF-8, computed in two 32-bit halves (no BigInt per byte). It stands in for
// ClickHouse's cityHash64 in the read-only hash columns: same role (equality, uniq), other values.

const encoder = new TextEncoder();

export function fnv1a64(text: string): bigint {
  const bytes = encoder.encode(text);
  // offset basis 0xcbf29ce484222325, prime 0x100000001b3 (= 2^40 + 0x1b3)
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (const byte of bytes) {
    lo = (lo ^ byte) >>> 0;
    // (hi:lo) * prime = (hi:lo) * 0x1b3 + (lo << 40)
    const loMul = lo * 0x1b3;
    const carry = Math.floor(loMul / 0x100000000);
    const newLo = loMul >>> 0;
    const newHi = (Math.imul(hi, 0x1b3) + carry + ((lo << 8) >>> 0)) >>> 0;
    hi = newHi;
    lo = newLo;
  }
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** Snuba's `_tags_hash_map` entry text: `key=value`, with `\` and `=` in the key escaped. */
export function tagHashText(key: string, value: string): string {
  return `${key.replaceAll('\\', '\\\\').replaceAll('=', '\\=')}=${value}`;
}
