// Message and exception-value parameterization (Sentry's `grouping/parameterization.py`):
// event-specific values are replaced by `<name>` placeholders so that messages group together.
// The patterns are one alternation tried in list order at every position: the first alternative
// that matches wins, exactly like Python's `re.sub` over the combined `(?x)` regex.

export interface ParameterizationPattern {
  name: string;
  pattern: string;
}

const TLDS_UPPER =
  'COM|NET|ORG|JP|DE|UK|FR|BR|IT|RU|ES|ME|GOV|PL|CA|AU|CN|CO|IN|NL|EDU|INFO|EU|CH|ID|AT|KR|CZ|MX|BE|TV|SE|TR|TW|AL|UA|IR|VN|CL|SK|LY|CC|TO|NO|FI|US|PT|DK|AR|HU|TK|GR|IL|NEWS|RO|MY|BIZ|IE|ZA|NZ|SG|EE|TH|IO|XYZ|PE|BG|HK|RS|LT|LINK|PH|CLUB|SI|SITE|MOBI|BY|CAT|WIKI|LA|GA|XXX|CF|HR|NG|JOBS|ONLINE|KZ|UG|GQ|AE|IS|LV|PRO|FM|TIPS|MS|SA|APP';
const TLDS = `${TLDS_UPPER}|${TLDS_UPPER.toLowerCase()}`;

const IPV4_OCTET = '(?:25[0-5]|(?:2[0-4]|1?[0-9])?[0-9])';
const IPV4_EMBEDDED = `(?:${IPV4_OCTET}\\.){3}${IPV4_OCTET}`;
const H = '[0-9a-fA-F]{1,4}';
const IPV6 = [
  `(?:${H}:){7}${H}`,
  `(?:${H}:){1,7}:`,
  `(?:${H}:){1,6}:${H}`,
  `(?:${H}:){1,5}(?::${H}){1,2}`,
  `(?:${H}:){1,4}(?::${H}){1,3}`,
  `(?:${H}:){1,3}(?::${H}){1,4}`,
  `(?:${H}:){1,2}(?::${H}){1,5}`,
  `${H}:(?:(?::${H}){1,6})`,
  `:(?:(?::${H}){1,7}|:)`,
  `fe80:(?::[0-9a-fA-F]{0,4}){0,4}%[0-9a-zA-Z]+`,
  `::(?:ffff(?::0{1,4})?:)?${IPV4_EMBEDDED}`,
  `(?:${H}:){1,4}:${IPV4_EMBEDDED}`,
].join('|');

const MONTHS = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const DAYS = '(?:Sun|Mon|Tue|Wed|Thu|Fri|Sat)';
const ZONES = '(?:UT|GMT|(?:E|C|M|P)(?:ST|DT)|[A-IK-Z])';
const DATE = [
  // RFC822, RFC1123, RFC1123Z
  `${DAYS},\\s\\d{1,2}\\s${MONTHS}\\s\\d{2,4}\\s\\d{1,2}:\\d{1,2}(?::\\d{1,2})?\\s(?:[-+]\\d{2}[0-5]\\d|${ZONES})`,
  // "Mon Jan 02, 1999", "Jan 02, 1999"
  `(?:${DAYS}\\s)?${MONTHS}\\s[0-3]\\d,\\s\\d{2,4}`,
  // RFC850
  `(?:Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday),\\s\\d{2}-${MONTHS}-\\d{2}\\s\\d{2}:\\d{2}:\\d{2}\\s${ZONES}`,
  // JavaScript Date.toString(): "Tue Jan 02 2024 10:00:00 GMT+0100 (Central European Standard Time)"
  `${DAYS}\\s${MONTHS}\\s\\d{2}\\s\\d{4}\\s\\d{2}:\\d{2}:\\d{2}\\sGMT[+-]\\d{4}(?:\\s\\([^)]+\\))?`,
  // RFC3339 / ISO 8601 date-times, with or without fractions and zone
  '\\d{4}-[01]\\d-[0-3]\\dT[0-2]\\d:[0-5]\\d(?::[0-5]\\d(?:\\.\\d+)?)?(?:[+-][0-2]\\d:?[0-5]\\d|Z)?',
  // "2024-01-02 10:00:00"
  '\\d{4}-[01]\\d-[0-3]\\d\\s[0-2]\\d:[0-5]\\d:[0-5]\\d(?:\\.\\d+)?',
  // Kitchen, 12-hour: "3:04PM", "3:04:05 pm"
  '[1-9]\\d?:\\d{2}(?::\\d{2})?\\s?[aApP][mM]',
  // Date
  '\\d{4}-[01]\\d-[0-3]\\d',
  // Time, 24-hour
  '[0-2]\\d:[0-5]\\d:[0-5]\\d',
  // "Jan 2 15:04:05 2006" (ANSI C / syslog)
  `\\b(?:${DAYS}\\s+)?${MONTHS}\\s+\\d{1,2}\\s+\\d{2}:\\d{2}:\\d{2}\\s+\\d{4}`,
  // Python reprs
  'datetime\\.datetime\\(.*?\\)',
].join('|');

/** The current list, in Sentry's order. Order matters: the first alternative that matches wins. */
export const PARAMETERIZATION_PATTERNS: readonly ParameterizationPattern[] = [
  { name: 'email', pattern: "[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9-]+(?:\\.[a-zA-Z0-9-]+)*" },
  { name: 'url', pattern: '\\b(?:wss?|https?|ftp)://[^\\s/$.?#].[^\\s]*' },
  { name: 'hostname', pattern: `\\b(?:[a-zA-Z0-9\\-]{1,63}\\.)+?(?:${TLDS})\\b` },
  // The guards keep `Class::method` and `a:b` from being read as IPv6.
  { name: 'ip', pattern: `(?<![\\w:])(?:${IPV6})(?![\\w:])|\\b(?:[0-9]{1,3}\\.){3}[0-9]{1,3}\\b` },
  {
    name: 'traceparent',
    pattern: '\\b00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]\\b|\\b1-[0-9a-f]{8}-[0-9a-f]{24}\\b',
  },
  {
    name: 'uuid',
    pattern: '\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b',
  },
  { name: 'sha1', pattern: '\\b[0-9a-fA-F]{40}\\b' },
  { name: 'md5', pattern: '\\b[0-9a-fA-F]{32}\\b' },
  { name: 'date', pattern: DATE },
  { name: 'duration', pattern: '\\b\\d+ms|\\d+(?:\\.\\d+)?s\\b' },
  // StoreKit transaction ids: long decimal numbers an int would not cover.
  { name: 'swift_txn_id', pattern: '\\b\\d{15,20}\\b' },
  {
    name: 'hex',
    pattern:
      '\\b0[xX][0-9a-fA-F]+\\b|\\b(?=[0-9a-f]*[0-9])[0-9a-f]{8,128}\\b|\\b(?=[0-9A-F]*[0-9])[0-9A-F]{8,128}\\b',
  },
  { name: 'git_sha', pattern: '\\b(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{7}\\b' },
  { name: 'float', pattern: '(?<!\\w)-\\d+\\.\\d+\\b|\\b\\d+\\.\\d+\\b' },
  { name: 'int', pattern: '(?<!\\w)-\\d{1,7}\\b|\\b\\d{1,7}\\b' },
  { name: 'quoted_str', pattern: `(?<==)'[^']+'|(?<==)"[^"]+"` },
  { name: 'bool', pattern: '(?<==)(?:[tT]rue|[fF]alse)' },
];

/** Parameterization is skipped for very long inputs (ReDoS protection). */
export const MAX_PARAMETERIZATION_LENGTH = 8192;

/**
 * An alternation of patterns with one plain capture group each, in order: the group that took
 * part in a match names the pattern that won. Named groups gave the same answer, but each match
 * then cost `replace` an arguments list and a groups object (measured: 3.2 → 1.6 µs a message).
 */
interface CompiledPatterns {
  regex: RegExp;
  /** The placeholder of each capture group, `<name>`, by the group's number less one. */
  placeholders: string[];
}

function compile(patterns: readonly ParameterizationPattern[]): CompiledPatterns {
  return {
    regex: new RegExp(patterns.map((p) => `(${p.pattern})`).join('|'), 'g'),
    placeholders: patterns.map((p) => `<${p.name}>`),
  };
}

/**
 * What a text must contain for a pattern to match anywhere in it (a literal every alternative of
 * the pattern has, or its least length). A pattern that cannot match anywhere never wins at any
 * position, so leaving it out of the alternation changes no result; most messages rule out most
 * patterns (no `@`, `://`, `.`, `-` or `=`), and the regex then tries far fewer alternatives at
 * every position. A pattern without an entry is always tried.
 */
const NEEDS: Record<string, (text: string, digit: boolean) => boolean> = {
  email: (text) => text.includes('@'),
  url: (text) => text.includes('://'),
  hostname: (text) => text.includes('.'),
  ip: (text) => text.includes('.') || text.includes(':'),
  traceparent: (text) => text.includes('-'),
  uuid: (text) => text.includes('-'),
  sha1: (text) => text.length >= 40,
  md5: (text) => text.length >= 32,
  // Every date form but Python's repr has a digit and a `,`, `-` or `:`.
  date: (text, digit) =>
    (digit && (text.includes(':') || text.includes('-') || text.includes(','))) ||
    text.includes('datetime.datetime('),
  duration: (text, digit) => digit && text.includes('s'),
  swift_txn_id: (text, digit) => digit && text.length >= 15,
  hex: (_, digit) => digit,
  git_sha: (text, digit) => digit && text.length >= 7,
  float: (text, digit) => digit && text.includes('.'),
  int: (_, digit) => digit,
  quoted_str: (text) => text.includes('='),
  bool: (text) => text.includes('='),
};

const ASCII_DIGIT = /[0-9]/;
/** Each default pattern's precheck in list order (undefined: always tried). */
const PRECHECKS = PARAMETERIZATION_PATTERNS.map(({ name }) => NEEDS[name]);
const MAX_SUBSETS = 256;
/** The alternation of the default patterns that can match, by the bit set of their positions. */
const subsets = new Map<number, CompiledPatterns | null>();

/** The default patterns' alternation without those `value` cannot match; null when none can. */
function patternsFor(value: string): CompiledPatterns | null {
  const digit = ASCII_DIGIT.test(value);
  let mask = 0;
  for (let i = 0; i < PRECHECKS.length; i++) {
    const needs = PRECHECKS[i];
    if (!needs || needs(value, digit)) mask |= 1 << i;
  }
  let patterns = subsets.get(mask);
  if (patterns === undefined) {
    const possible = PARAMETERIZATION_PATTERNS.filter((_, i) => mask & (1 << i));
    patterns = possible.length === 0 ? null : compile(possible);
    if (subsets.size >= MAX_SUBSETS) subsets.clear();
    subsets.set(mask, patterns);
  }
  return patterns;
}

const MEMO_SIZE = 4096;
const memo = new Map<string, string>();

/**
 * Messages and exception values recur (the same error, again and again), and the combined regex
 * is the costliest step of grouping them: the results are remembered.
 */
export function parameterize(value: string): string {
  let result = memo.get(value);
  if (result === undefined) {
    const possible = value.length > MAX_PARAMETERIZATION_LENGTH ? null : patternsFor(value);
    result = possible ? replacePatterns(value, possible) : value;
    if (memo.size >= MEMO_SIZE) memo.clear();
    memo.set(value, result);
  }
  return result;
}

/** `re.sub` of the alternation: every match replaced by the placeholder of the pattern that won. */
function replacePatterns(value: string, { regex, placeholders }: CompiledPatterns): string {
  let out = '';
  let copied = 0;
  regex.lastIndex = 0;
  for (let match = regex.exec(value); match !== null; match = regex.exec(value)) {
    let group = 1;
    while (match[group] === undefined) group++;
    out += value.slice(copied, match.index) + placeholders[group - 1];
    copied = match.index + match[0].length;
    // As `replace` does: an empty match moves the search on by one.
    if (match[0].length === 0) regex.lastIndex++;
  }
  // A placeholder is never empty: `out` is empty exactly when nothing matched.
  return out === '' ? value : out + value.slice(copied);
}

// Python's str.splitlines() boundaries, including the record separators 0x1c-0x1e.
const RECORD_SEPARATORS = String.fromCharCode(0x1c, 0x1d, 0x1e);
const LINE_BOUNDARY = new RegExp(`\\r\\n|[\\n\\r\\v\\f${RECORD_SEPARATORS}\\x85\\u2028\\u2029]`);

/** Keeps the first two non-blank lines, marking any cut with `...` (Sentry's trimming step). */
export function trimMessageForGrouping(message: string): string {
  // One line (most messages): kept as it is, unless blank.
  if (!LINE_BOUNDARY.test(message)) return message === '' || message.trim() !== '' ? message : '...';
  const lines = message.split(LINE_BOUNDARY);
  // splitlines() drops the empty string after a trailing newline; blank lines are skipped anyway.
  const kept = lines.filter((line) => line.trim() !== '').slice(0, 2);
  let trimmed = kept.join('\n');
  if (trimmed !== message) trimmed += '...';
  return trimmed;
}

/** `normalize_message_for_grouping`: trim to two lines, then parameterize. */
export function normalizeMessageForGrouping(message: string): string {
  return parameterize(trimMessageForGrouping(message));
}
