// Exception groups (RFC 0079, `filter_exceptions_for_exception_groups`): when the exceptions form
// a tree through `mechanism.exception_id`/`parent_id`, group on the distinct "top-level"
// exceptions (the first non-group descendants of the root) instead of the whole list.
import { getPath, getString, type JsonObject } from '../event-data.ts';

interface TreeNode {
  exception: JsonObject | null;
  children: JsonObject[];
}

export interface ExceptionGroupFilterResult {
  exceptions: readonly JsonObject[];
  /** Set when one distinct top-level exception remains; it decides the title. */
  mainExceptionId: number | null;
}

function exceptionId(exception: JsonObject): number | null {
  const id = getPath(exception, 'mechanism', 'exception_id');
  return typeof id === 'number' ? id : null;
}

function isGroup(exception: JsonObject): boolean {
  return getPath(exception, 'mechanism', 'is_exception_group') === true;
}

export function filterExceptionsForExceptionGroups(
  exceptions: readonly JsonObject[],
  componentKey: (exception: JsonObject) => string,
): ExceptionGroupFilterResult {
  const unchanged = { exceptions, mainExceptionId: null };
  if (exceptions.length <= 1) return unchanged;

  const tree = new Map<number, TreeNode>();
  const node = (id: number): TreeNode => {
    let n = tree.get(id);
    if (!n) {
      n = { exception: null, children: [] };
      tree.set(id, n);
    }
    return n;
  };
  const seen = new Set<number>();
  // Sentry walks the list backwards, so children end up in reverse payload order.
  for (const exception of [...exceptions].reverse()) {
    const id = exceptionId(exception);
    if (id === null || seen.has(id)) return unchanged;
    seen.add(id);
    node(id).exception = exception;
    const parentId = getPath(exception, 'mechanism', 'parent_id');
    if (typeof parentId === 'number') {
      if (parentId === id) return unchanged;
      node(parentId).children.push(exception);
    }
  }
  const root = tree.get(0)?.exception;
  if (!root) return unchanged;

  const childrenOf = (exception: JsonObject): JsonObject[] =>
    tree.get(exceptionId(exception)!)?.children ?? [];
  const topLevel = (exception: JsonObject, depth: number): JsonObject[] => {
    if (depth > exceptions.length) throw new Error('exception tree has a cycle');
    if (!isGroup(exception)) return [exception];
    return childrenOf(exception).flatMap((child) => topLevel(child, depth + 1));
  };
  let topLevelExceptions: JsonObject[];
  try {
    topLevelExceptions = topLevel(root, 0);
  } catch {
    return unchanged;
  }
  if (topLevelExceptions.length === 0) return unchanged;

  // Sort by type, descending (Python's stable sort on `str(type)`), then keep one per run of
  // identical components (itertools.groupby).
  const typeOf = (e: JsonObject) => String(getString(e, 'type') ?? 'None');
  topLevelExceptions = [...topLevelExceptions].sort((a, b) =>
    typeOf(a) < typeOf(b) ? 1 : typeOf(a) > typeOf(b) ? -1 : 0,
  );
  const distinct: JsonObject[] = [];
  let lastKey: string | null = null;
  for (const exception of topLevelExceptions) {
    const key = componentKey(exception);
    if (key !== lastKey) distinct.push(exception);
    lastKey = key;
  }

  if (distinct.length === 1) {
    const main = distinct[0]!;
    const path: JsonObject[] = [];
    let current: JsonObject | undefined = main;
    while (current && path.length <= exceptions.length) {
      path.push(current);
      current = childrenOf(current)[0];
    }
    return { exceptions: path, mainExceptionId: exceptionId(main) };
  }
  return { exceptions: [...distinct, root], mainExceptionId: null };
}
