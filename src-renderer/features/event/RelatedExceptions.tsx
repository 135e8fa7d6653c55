/**
 * Exception groups (Python's ExceptionGroup, JavaScript's AggregateError) as Sentry shows them: each
 * group lists its parent and its children under "Related Exceptions", a link to each; the children of a
 * group nested in another start hidden, behind "Show N related exceptions".
 */
import { useState } from 'react';
import { type Json, obj, str } from './data.ts';

export function exceptionId(exception: Json): number | undefined {
  const id = obj(exception.mechanism)?.exception_id;
  return typeof id === 'number' ? id : undefined;
}

export function parentId(exception: Json): number | undefined {
  const id = obj(exception.mechanism)?.parent_id;
  return typeof id === 'number' ? id : undefined;
}

function isGroup(exception: Json): boolean {
  return obj(exception.mechanism)?.is_exception_group === true;
}

/** The DOM id of an exception's block, for the tree's links. */
export function exceptionAnchor(id: number): string {
  return `exception-${id}`;
}

/**
 * Which nested groups have their children folded (at first all of them, as in Sentry), and how to fold,
 * unfold or reveal one. What the viewer changed is kept per event, so another event starts folded.
 */
export function useCollapsedGroups(exceptions: Json[], eventKey: string) {
  const [changed, setChanged] = useState<{ eventKey: string; open: ReadonlyMap<number, boolean> }>({
    eventKey,
    open: new Map(),
  });
  const opened = changed.eventKey === eventKey ? changed.open : new Map<number, boolean>();
  const collapsed = new Map(
    exceptions.flatMap((exception): Array<[number, boolean]> => {
      const id = exceptionId(exception);
      return isGroup(exception) && parentId(exception) !== undefined && id !== undefined
        ? [[id, !(opened.get(id) ?? false)]]
        : [];
    }),
  );
  const set = (id: number, folded: boolean) => {
    if (collapsed.has(id)) setChanged({ eventKey, open: new Map(opened).set(id, !folded) });
  };
  return {
    hidden: (exception: Json) => {
      const parent = parentId(exception);
      return parent !== undefined && collapsed.get(parent) === true;
    },
    collapsed: collapsed as ReadonlyMap<number, boolean>,
    toggle: (id: number) => set(id, !collapsed.get(id)),
    /** Unfolds the group an exception is in, so that its link can scroll to it. */
    reveal: (exception: Json) => {
      const parent = parentId(exception);
      if (parent !== undefined) set(parent, false);
    },
  };
}

function nameOf(exception: Json): string {
  const type = str(exception.type);
  const value = str(exception.value);
  if (type) return value ? `${type}: ${value}` : type;
  return value ?? 'Exception';
}

function TreeItem({
  exception,
  level,
  link,
  onOpen,
}: {
  exception: Json;
  level: number;
  link: boolean;
  onOpen: (exception: Json) => void;
}) {
  const id = exceptionId(exception);
  return (
    <li className="tree-item" style={{ paddingLeft: `${level * 20}px` }} data-testid="related-exception">
      {link && id !== undefined ? (
        <button type="button" className="link-button" onClick={() => onOpen(exception)}>
          {nameOf(exception)}
        </button>
      ) : (
        <span>{nameOf(exception)}</span>
      )}
    </li>
  );
}

export function RelatedExceptions({
  exception,
  all,
  newestFirst,
  onOpen,
}: {
  exception: Json;
  all: Json[];
  newestFirst: boolean;
  onOpen: (exception: Json) => void;
}) {
  if (!isGroup(exception)) return null;
  const id = exceptionId(exception);
  const parent = all.find((other) => {
    const parentOfThis = parentId(exception);
    return parentOfThis !== undefined && exceptionId(other) === parentOfThis;
  });
  const children = all.filter((other) => id !== undefined && parentId(other) === id);
  if (newestFirst) children.reverse();
  const depth = parent ? 1 : 0;
  return (
    <div className="related-exceptions">
      <div className="related-heading">Related Exceptions</div>
      <ul className="exception-tree">
        {parent && <TreeItem exception={parent} level={0} link onOpen={onOpen} />}
        <TreeItem exception={exception} level={depth} link={false} onOpen={onOpen} />
        {children.map((child, index) => (
          <TreeItem
            key={exceptionId(child) ?? `child-${index}`}
            exception={child}
            level={depth + 1}
            link
            onOpen={onOpen}
          />
        ))}
      </ul>
    </div>
  );
}

/** "Show/Hide N related exceptions" under a nested group whose children can fold. */
export function ToggleRelated({
  exception,
  all,
  collapsed,
  toggle,
}: {
  exception: Json;
  all: Json[];
  collapsed: ReadonlyMap<number, boolean>;
  toggle: (id: number) => void;
}) {
  const id = exceptionId(exception);
  if (id === undefined || !collapsed.has(id)) return null;
  const count = all.filter((other) => parentId(other) === id).length;
  return (
    <button type="button" className="link-button related-toggle" onClick={() => toggle(id)}>
      {collapsed.get(id) ? 'Show' : 'Hide'} {count} related exception{count === 1 ? '' : 's'}
    </button>
  );
}
