/** Sentry's issue search syntax: parse text into filters, with error positions. Pure. */

export { setFilter, toggleTagFilter, valuesFilter } from './edit.ts';
export {
  analyzeIssueSearch,
  parseIssueSearch,
  type SearchAnalysis,
  type SearchResult,
  spanText,
  tryParseIssueSearch,
} from './parse.ts';
export * from './types.ts';
