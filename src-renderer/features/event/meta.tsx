/**
 * Relay's annotations (`_meta`) on the event page, as Sentry marks them: a value trimmed to its size
 * limit, a list or object that lost items, a value replaced by an error or a PII rule, each with a
 * small mark whose tooltip says what happened (the original length, the error, the original value).
 * The `_meta` tree is shaped like the event; a value's own annotation is under the key `""`.
 */
import { arr, display, type Json, obj, str } from './data.ts';

/** The part of the `_meta` tree under one value of the event (undefined: nothing annotated). */
export type MetaNode = Json | undefined;

/** The node at `path` below a node (list items by their index). */
export function metaChild(node: MetaNode, ...path: Array<string | number>): MetaNode {
  let current = node;
  for (const key of path)
    current = current && Object.hasOwn(current, String(key)) ? obj(current[String(key)]) : undefined;
  return current;
}

/** The `_meta` node at `path` in the event. */
export function metaAt(event: Json, ...path: Array<string | number>): MetaNode {
  return metaChild(obj(event._meta), ...path);
}

const REMARKS: Record<string, string> = {
  a: 'Annotated',
  x: 'Removed',
  s: 'Replaced',
  m: 'Masked',
  p: 'Pseudonymized',
  e: 'Encrypted',
};

/** Relay's error types, in the words of Sentry's event errors. */
const ERRORS: Record<string, string> = {
  invalid_data: 'Discarded invalid value',
  invalid_attribute: 'Discarded unknown attribute',
  missing_attribute: 'Missing attribute',
  value_too_long: 'Discarded value due to exceeding maximum length',
  future_timestamp: 'Invalid timestamp (in future)',
  past_timestamp: 'Invalid timestamp (too old)',
  clock_drift: 'Clock drift detected in SDK',
};

type Kind = 'trimmed' | 'invalid' | 'filtered';

interface Note {
  kind: Kind;
  text: string;
}

function errorText(error: unknown): string {
  const [type, details] = Array.isArray(error) ? error : [error, undefined];
  const name = str(type) ?? 'unknown_error';
  const reason = obj(details)?.reason;
  const words = ERRORS[name] ?? name.replaceAll('_', ' ');
  return str(reason) ? `${words}: ${str(reason)}` : words;
}

/** What one annotation says about `value` (the value as stored, to tell characters from items). */
function notesOf(entry: Json, value: unknown): Note[] {
  const notes: Note[] = [];
  const errors = arr(entry.err);
  if (errors.length > 0) {
    const original = Object.hasOwn(entry, 'val') ? ` Original value: ${display(entry.val)}` : '';
    notes.push({ kind: 'invalid', text: `${errors.map(errorText).join('; ')}.${original}` });
  }
  const remarks = arr(entry.rem).map(arr);
  const limit = remarks.some((remark) => remark[0] === '!limit');
  const len = typeof entry.len === 'number' ? entry.len : undefined;
  // `len` alone marks an object or list that lost items; beside a PII remark it is only the length
  // the value had before the rule replaced part of it.
  if (limit || (len !== undefined && remarks.length === 0)) {
    const unit = typeof value === 'string' ? 'characters' : 'items';
    const kept =
      typeof value === 'string' ? Array.from(value).length : Object.keys(obj(value) ?? arr(value)).length;
    notes.push({
      kind: 'trimmed',
      text:
        len === undefined
          ? 'Trimmed because of size limits.'
          : `Trimmed because of size limits: ${len} ${unit} originally, ${kept} shown.`,
    });
  }
  for (const remark of remarks.filter((r) => r[0] !== '!limit'))
    notes.push({
      kind: 'filtered',
      text: `${REMARKS[str(remark[1]) ?? ''] ?? 'Changed'} because of the PII rule ${str(remark[0]) ?? '?'}.`,
    });
  return notes;
}

/** Every annotation in a subtree, each note led by its path below the node (none for the node's own). */
function annotations(node: MetaNode, value: unknown, path: string[] = []): Note[] {
  if (!node) return [];
  const notes: Note[] = [];
  for (const [key, child] of Object.entries(node)) {
    const entry = obj(child);
    if (!entry) continue;
    if (key === '') {
      const at = path.length > 0 ? `${path.join('.')}: ` : '';
      notes.push(...notesOf(entry, value).map((note) => ({ ...note, text: `${at}${note.text}` })));
      continue;
    }
    const inner = Array.isArray(value) ? value[Number(key)] : obj(value)?.[key];
    notes.push(...annotations(entry, inner, [...path, key]));
  }
  return notes;
}

/** Whether a value's own annotation records an error. */
export function hasError(node: MetaNode): boolean {
  return arr(obj(node?.[''])?.err).length > 0;
}

/** Only a node's own annotation (a section's heading marks the items it lost, not its values'). */
export function ownMeta(node: MetaNode): MetaNode {
  const own = obj(node?.['']);
  return own ? { '': own } : undefined;
}

/**
 * The marks of a value: one per kind of annotation in its `_meta` node (its own and its contents'),
 * the tooltip listing what each says. Nothing when nothing is annotated.
 */
export function MetaMark({ meta, value }: { meta: MetaNode; value: unknown }) {
  const notes = annotations(meta, value);
  if (notes.length === 0) return null;
  const kinds = [...new Set(notes.map((note) => note.kind))];
  return (
    <>
      {kinds.map((kind) => (
        <span
          key={kind}
          className={`meta-mark meta-${kind}`}
          data-testid="meta-mark"
          title={notes
            .filter((note) => note.kind === kind)
            .map((note) => note.text)
            .join('\n')}
        >
          {kind}
        </span>
      ))}
    </>
  );
}
