/**
 * A pure function of a string, remembered by its argument: an SDK sends the same User-Agent, page
 * URL and script URLs with event after event, and parsing one costs microseconds where a lookup
 * costs a tenth of one. At most `limit` answers are kept; when full, they are all forgotten (no
 * bookkeeping per lookup). Answers are shared: callers must not change them.
 */
export function memoized<T>(limit: number, compute: (key: string) => T): (key: string) => T {
  const answers = new Map<string, T>();
  return (key) => {
    const known = answers.get(key);
    if (known !== undefined || answers.has(key)) return known as T;
    const answer = compute(key);
    if (answers.size >= limit) answers.clear();
    answers.set(key, answer);
    return answer;
  };
}

/**
 * `memoized` for a pure function of two strings, remembered by both as they are (no text made of
 * the two first, which would cost a new string and hashing it on every lookup). At most `limit`
 * answers are kept; when full, they are all forgotten.
 */
export function memoizedPair<T>(
  limit: number,
  compute: (a: string, b: string) => T,
): (a: string, b: string) => T {
  const answers = new Map<string, Map<string, T>>();
  let count = 0;
  return (a, b) => {
    let byB = answers.get(a);
    const known = byB?.get(b);
    if (known !== undefined || byB?.has(b)) return known as T;
    const answer = compute(a, b);
    if (count >= limit) {
      answers.clear();
      count = 0;
      byB = undefined;
    }
    if (!byB) {
      byB = new Map();
      answers.set(a, byB);
    }
    byB.set(b, answer);
    count++;
    return answer;
  };
}
