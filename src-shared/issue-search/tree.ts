/**
 * Sentry's boolean event search (Discover, the events endpoint, Explore's spans and logs): the
 * scanner's tokens as a tree, `AND` binding tighter than `OR`, terms side by side meaning `AND`,
 * and parentheses grouping. Malformed queries get the messages Sentry's query builder gives.
 */
import { type BooleanToken, type RawTerm, scanBoolean } from './tokenize.ts';
import { IssueSearchError } from './types.ts';

export type SearchTree<T> =
  | { kind: 'term'; term: T }
  /** Every child holds (`and`) or one of them does (`or`); at least two children. */
  | { kind: 'and' | 'or'; children: SearchTree<T>[] };

type Operator = Extract<BooleanToken, { kind: 'operator' }>;
/** A group's items: terms, operators and the groups nested in it. */
type Item = RawTerm | Operator | { kind: 'group'; items: Item[] };

/** The tokens as nested groups (the scanner has checked the parentheses balance). */
function grouped(tokens: readonly (RawTerm | BooleanToken)[]): Item[] {
  const stack: Item[][] = [[]];
  for (const token of tokens) {
    const top = stack.at(-1) ?? [];
    if (token.kind !== 'paren') top.push(token);
    else if (token.open) stack.push([]);
    else if (stack.length > 1) {
      const items = stack.pop() ?? [];
      stack.at(-1)?.push({ kind: 'group', items });
    }
  }
  return stack[0] ?? [];
}

/** Consecutive unquoted words are one free-text term, as written (Sentry's unquoted free text). */
function merged(items: Item[], text: string): Item[] {
  const out: Item[] = [];
  for (const item of items) {
    const last = out.at(-1);
    if (
      item.kind === 'text' &&
      !item.quoted &&
      last?.kind === 'text' &&
      !last.quoted &&
      text.slice(last.span.end, item.span.start).trim() === ''
    ) {
      const span = { start: last.span.start, end: item.span.end };
      out[out.length - 1] = { kind: 'text', text: text.slice(span.start, span.end), quoted: false, span };
    } else out.push(item);
  }
  return out;
}

/** Sentry's checks: no operator first, last, or next to another. */
function checkOperators(items: Item[]): void {
  let previous: Item | undefined;
  for (const item of items) {
    if (item.kind === 'operator') {
      if (!previous)
        throw new IssueSearchError(
          `Condition is missing on the left side of '${item.op}' operator`,
          item.span,
        );
      if (previous.kind === 'operator')
        throw new IssueSearchError(
          `Missing condition in between two condition operators: '${previous.op} ${item.op}'`,
          { start: previous.span.start, end: item.span.end },
        );
    }
    previous = item;
  }
  if (previous?.kind === 'operator')
    throw new IssueSearchError(
      `Condition is missing on the right side of '${previous.op}' operator`,
      previous.span,
    );
}

function joined(kind: 'and' | 'or', children: SearchTree<RawTerm>[]): SearchTree<RawTerm> {
  const flat = children.flatMap((child) => (child.kind === kind ? child.children : [child]));
  const [only] = flat;
  return flat.length === 1 && only ? only : { kind, children: flat };
}

function treeOf(items: Item[], text: string): SearchTree<RawTerm> {
  const terms = merged(items, text);
  checkOperators(terms);
  // Split on OR first, so that what lies between two ORs is one AND.
  const alternatives: SearchTree<RawTerm>[][] = [[]];
  for (const item of terms) {
    if (item.kind === 'operator') {
      if (item.op === 'OR') alternatives.push([]);
      continue;
    }
    const node: SearchTree<RawTerm> =
      item.kind === 'group' ? treeOf(item.items, text) : { kind: 'term', term: item };
    alternatives.at(-1)?.push(node);
  }
  return joined(
    'or',
    alternatives.map((all) => joined('and', all)),
  );
}

/**
 * An event search read as far as it goes: its tree (null when empty or wrong) and its mistakes,
 * every one the scanner finds, else the first the operators have, each with the span to fix.
 */
export function analyzeSearchTree(text: string): {
  tree: SearchTree<RawTerm> | null;
  errors: IssueSearchError[];
} {
  const { tokens, errors } = scanBoolean(text);
  if (errors.length > 0) return { tree: null, errors };
  const items = grouped(tokens);
  try {
    return { tree: items.length === 0 ? null : treeOf(items, text), errors: [] };
  } catch (error) {
    if (!(error instanceof IssueSearchError)) throw error;
    return { tree: null, errors: [error] };
  }
}

/** Parses an event search into its tree, or null when it is empty; throws its first `IssueSearchError`. */
export function parseSearchTree(text: string): SearchTree<RawTerm> | null {
  const { tree, errors } = analyzeSearchTree(text);
  if (errors[0]) throw errors[0];
  return tree;
}

/** The same tree with each term replaced (a term's mistake is thrown by `f`). */
export function mapTree<T, U>(tree: SearchTree<T>, f: (term: T) => U): SearchTree<U> {
  if (tree.kind === 'term') return { kind: 'term', term: f(tree.term) };
  return { kind: tree.kind, children: tree.children.map((child) => mapTree(child, f)) };
}

/** Every term of the tree, in text order. */
export function treeTerms<T>(tree: SearchTree<T> | null): T[] {
  if (!tree) return [];
  return tree.kind === 'term' ? [tree.term] : tree.children.flatMap((child) => treeTerms(child));
}

/** A tree of tests as one test; no tree lets everything through. */
export function treeTest<T, X>(
  tree: SearchTree<T> | null,
  test: (term: T) => (x: X) => boolean,
): (x: X) => boolean {
  if (!tree) return () => true;
  if (tree.kind === 'term') return test(tree.term);
  const tests = tree.children.map((child) => treeTest(child, test));
  return tree.kind === 'and' ? (x) => tests.every((t) => t(x)) : (x) => tests.some((t) => t(x));
}
