// The value patterns of Relay's `@common:filter` (relay-pii `builtin.rs`, `regexes.rs`). Each rule
// replaces what it matches, or only its first group where Relay uses `replace_groups`.

export const FILTERED = '[Filtered]';

export interface PiiPatternRule {
  id: string;
  re: RegExp;
  replacement: string;
  /** When set, only this capture group is replaced and the rest of the match is kept. */
  group?: 1;
  /** An extra check on the match (e.g. IBAN checksum) to keep false positives out. */
  accept?: (match: string) => boolean;
}

/** Keys whose values are secrets (Relay's `@password:filter` key pattern and default sensitive keys). */
export const PASSWORD_KEY_RE =
  /password|secret|passwd|api[-_]?key|auth|credentials|mysql_pwd|private[-_]?key|token|^otp$|^two[-_]factor$/i;

function ibanChecksumValid(match: string): boolean {
  const compact = match.replaceAll(' ', '').toUpperCase();
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const digits = /[A-Z]/.test(char) ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

export const COMMON_FILTER_RULES: readonly PiiPatternRule[] = [
  {
    id: '@pemkey:filter',
    re: /-----BEGIN[A-Z ]+PRIVATE KEY-----([\s\S]+?)-----END[A-Z ]+PRIVATE KEY-----/g,
    replacement: FILTERED,
    group: 1,
  },
  {
    id: '@creditcard:filter',
    re: /(?<![\d-])\d{4}[- ]?\d{4,6}[- ]?\d{4,5}(?:[- ]?\d{4})(?![\d-])/g,
    replacement: FILTERED,
  },
  {
    id: '@iban:filter',
    re: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g,
    replacement: FILTERED,
    accept: ibanChecksumValid,
  },
  { id: '@usssn:filter', re: /\b\d{3}-\d{2}-\d{4}\b/g, replacement: FILTERED },
  { id: '@bearer:filter', re: /\bBearer\s+[A-Za-z0-9\-._~+/]+=*/g, replacement: `Bearer ${FILTERED}` },
  {
    id: '@urlauth:legacy',
    re: /\b(?:[a-z0-9+.-]+:)?\/\/[^/\s:@]+:([^/\s@]+)@/gi,
    replacement: FILTERED,
    group: 1,
  },
  {
    id: '@userpath:filter',
    re: /(?:\b[a-zA-Z]:)?[/\\](?:users|home)[/\\]([^/\\\s]+)/gi,
    replacement: '[user]',
    group: 1,
  },
];

/**
 * What each rule's match must contain, in one pattern: the PEM header, four digits in a row (card
 * and SSN numbers), an IBAN's country and check digits, `Bearer`, `//` with an `@` after it (URL
 * credentials) and a `/users/` or `/home/` folder in any case. A string without any of them
 * matches no rule (each rule sees the string as it was, as no earlier one replaced anything), so
 * the rules are not run on it at all: most strings are like that, and this is one scan instead
 * of seven.
 */
const MAY_MATCH =
  /-----BEGIN|\d{4}|[A-Z]{2}\d\d|Bearer|\/\/[^/\s@]+@|[/\\](?:[Uu][Ss][Ee][Rr][Ss]|[Hh][Oo][Mm][Ee])[/\\]/;

/** A part of a scrubbed string a rule replaced: `[start, end)` in the scrubbed string. */
export interface Redaction {
  rule: string;
  start: number;
  end: number;
}

/**
 * Applies every `@common:filter` value rule to a string; returns undefined when none matched, else
 * the new string and where each rule replaced something (what Relay writes as remarks).
 */
export function scrubStringRedactions(text: string): { value: string; redactions: Redaction[] } | undefined {
  if (!MAY_MATCH.test(text)) return undefined;
  let value = text;
  let redactions: Redaction[] = [];
  for (const rule of COMMON_FILTER_RULES) {
    // Most strings match no rule: a test allocates nothing, matchAll would.
    rule.re.lastIndex = 0;
    if (!rule.re.test(value)) continue;
    rule.re.lastIndex = 0;
    const edits: Array<{ start: number; end: number; text: string }> = [];
    for (const match of value.matchAll(rule.re)) {
      const whole = match[0];
      if (rule.accept && !rule.accept(whole)) continue;
      const group = match[1];
      const at = rule.group === 1 && typeof group === 'string' ? whole.indexOf(group) : 0;
      const replaced = rule.group === 1 && typeof group === 'string' ? group : whole;
      edits.push({
        start: match.index + at,
        end: match.index + at + replaced.length,
        text: rule.replacement,
      });
    }
    if (edits.length === 0) continue;
    // Positions after an edit move by its change of length; earlier redactions move with them.
    const shift = (position: number) => {
      let moved = position;
      for (const edit of edits) if (edit.end <= position) moved += edit.text.length - (edit.end - edit.start);
      return moved;
    };
    redactions = redactions.map((r) => ({ rule: r.rule, start: shift(r.start), end: shift(r.end) }));
    let next = '';
    let from = 0;
    for (const edit of edits) {
      next += value.slice(from, edit.start);
      redactions.push({ rule: rule.id, start: next.length, end: next.length + edit.text.length });
      next += edit.text;
      from = edit.end;
    }
    value = next + value.slice(from);
  }
  if (redactions.length === 0) return undefined;
  redactions.sort((a, b) => a.start - b.start);
  return { value, redactions };
}
