// How a project's rule text that does not parse is refused, in the words of Sentry's validators
// (fingerprint rules and stack trace rules alike).

/** The text from the failing column (at most 32 characters, then `...`), its line and column (1-based). */
export function syntaxErrorMessage(line: string, lineNo: number, column: number, detail?: string): string {
  let context = line.slice(column - 1, column - 1 + 33);
  if (context.length === 33) context = `${context.slice(0, -1)}...`;
  const where = `Invalid syntax near "${context}" (line ${lineNo}, column ${column})`;
  return detail ? `${where}: ${detail}` : where;
}
