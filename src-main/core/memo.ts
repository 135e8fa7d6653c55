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
