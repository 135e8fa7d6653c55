/** Sentry's issue search syntax: parse text into filters, with error positions. Pure. */

export { setFilter, toggleTagFilter, valuesFilter } from './edit.ts';
export {
  analyzeIssueSearch,
  parseEventSearch,
  parseIssueSearch,
  type SearchAnalysis,
  type SearchLeaf,
  type SearchResult,
  spanText,
  tryParseIssueSearch,
} from './parse.ts';
export { analyzeSearchTree, mapTree, parseSearchTree, type SearchTree, treeTerms, treeTest } from './tree.ts';
export * from './types.ts';
