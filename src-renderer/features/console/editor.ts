/**
 * The SnQL editor: CodeMirror 6 with highlighting from the shared lexer (`tokenize`), errors
 * underlined where the shared parser/validator points (`parseAndValidate` runs right here, no
 * round trip), completion from `completionContext` (keywords, entities, columns, functions and
 * the tag keys present in the data), and Ctrl/Cmd+Enter to run.
 */
import {
  autocompletion,
  type CompletionContext as CmCompletionContext,
  type Completion,
  type CompletionResult,
} from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { type Diagnostic, linter, lintGutter, setDiagnostics } from '@codemirror/lint';
import { EditorState, type Extension, Prec, RangeSetBuilder } from '@codemirror/state';
import {
  Decoration,
  type DecorationSet,
  EditorView,
  keymap,
  ViewPlugin,
  type ViewUpdate,
} from '@codemirror/view';
import { completionContext } from '../../../src-shared/snql/completion.ts';
import { availableEntities, getEntity } from '../../../src-shared/snql/entities/registry.ts';
import { SnqlError } from '../../../src-shared/snql/errors.ts';
import { knownFunctionNames } from '../../../src-shared/snql/functions.ts';
import { tokenize } from '../../../src-shared/snql/tokenize.ts';
import { parseAndValidate } from '../../../src-shared/snql/validate.ts';
import type { SnqlErrorBody } from '../../../src-shared/snql-api.ts';

const MARKS: Record<string, Decoration> = Object.fromEntries(
  [
    'keyword',
    'entity',
    'function',
    'identifier',
    'tag_key',
    'quoted_identifier',
    'string',
    'number',
    'operator',
    'unknown',
  ].map((kind) => [kind, Decoration.mark({ class: `snql-${kind.replace('_', '-')}` })]),
);

function highlight(view: EditorView): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  for (const token of tokenize(view.state.doc.toString())) {
    const mark = MARKS[token.kind];
    if (mark && token.end > token.offset) builder.add(token.offset, token.end, mark);
  }
  return builder.finish();
}

const highlighter = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = highlight(view);
    }
    update(update: ViewUpdate) {
      if (update.docChanged) this.decorations = highlight(update.view);
    }
  },
  { decorations: (v) => v.decorations },
);

/** A query error as a CodeMirror diagnostic (the whole text when the error has no position). */
export function diagnosticOf(error: Pick<SnqlErrorBody, 'message' | 'span'>, length: number): Diagnostic {
  const from = Math.min(error.span?.offset ?? 0, length);
  const to = Math.max(Math.min(error.span?.end ?? length, length), from);
  return {
    from,
    to: to === from ? Math.min(from + 1, length) : to,
    severity: 'error',
    message: error.message,
  };
}

/**
 * The error the server found for the editor's text (a translation or engine error the shared
 * validator cannot see), kept while the text is unchanged: the linter runs again after a run
 * (it is debounced) and would otherwise take the underline away.
 */
const serverErrors = new WeakMap<EditorView, { text: string; diagnostic: Diagnostic }>();

const snqlLinter = linter(
  (view) => {
    const text = view.state.doc.toString();
    if (text.trim() === '') return [];
    try {
      parseAndValidate(text);
    } catch (error) {
      if (error instanceof SnqlError) return [diagnosticOf(error, text.length)];
    }
    const server = serverErrors.get(view);
    return server?.text === text ? [server.diagnostic] : [];
  },
  { delay: 300 },
);

/**
 * Underlines an error the server found for `query` where it points, or clears the last one (`error`
 * null, or an error about the data rather than a place in the text, such as a value that does not
 * convert). Nothing is marked when the text has changed since the run.
 */
export function showError(view: EditorView, query: string, error: SnqlErrorBody | null): void {
  const text = view.state.doc.toString();
  if (error === null || error.span === undefined) {
    serverErrors.delete(view);
    return;
  }
  if (text !== query) return;
  const diagnostic = diagnosticOf(error, text.length);
  serverErrors.set(view, { text, diagnostic });
  view.dispatch(setDiagnostics(view.state, [diagnostic]));
}

export type TagKeyLoader = (
  subscriptable: 'tags' | 'contexts' | 'flags',
  prefix: string,
) => Promise<string[]>;

function completer(loadTagKeys: TagKeyLoader) {
  const functions = knownFunctionNames();
  return async (ctx: CmCompletionContext): Promise<CompletionResult | null> => {
    const text = ctx.state.doc.toString();
    const c = completionContext(text, ctx.pos);
    if (!ctx.explicit && c.prefix === '' && !c.expects.includes('tag_key') && !c.expects.includes('entity'))
      return null;
    const options: Completion[] = [];
    for (const expectation of c.expects) {
      switch (expectation) {
        case 'keyword':
          for (const k of c.keywords) options.push({ label: k, type: 'keyword' });
          break;
        case 'entity':
          for (const e of availableEntities()) options.push({ label: e, type: 'class' });
          break;
        case 'relationship': {
          const rels = c.entity ? Object.keys(getEntity(c.entity)?.relationships ?? {}) : [];
          for (const r of rels) options.push({ label: r, type: 'property' });
          break;
        }
        case 'column': {
          const schema = c.entity ? getEntity(c.entity) : undefined;
          const prefix = c.entityAlias ? `${c.entityAlias}.` : '';
          for (const col of schema?.columns.values() ?? [])
            options.push({ label: `${prefix}${col.name}`, type: 'variable', detail: col.type });
          break;
        }
        case 'function':
          for (const f of functions) options.push({ label: f, type: 'function', apply: `${f}(` });
          break;
        case 'tag_key': {
          const keys = await loadTagKeys(
            (c.subscriptable as 'tags' | 'contexts' | 'flags' | undefined) ?? 'tags',
            c.prefix,
          ).catch(() => []);
          for (const k of keys) options.push({ label: k, type: 'constant' });
          break;
        }
        default:
          break;
      }
    }
    if (options.length === 0) return null;
    return { from: c.replaceFrom, options, validFor: /^[\w.:@/-]*$/ };
  };
}

export interface EditorOptions {
  doc: string;
  onChange(text: string): void;
  onRun(): void;
  loadTagKeys: TagKeyLoader;
}

export function editorExtensions(options: EditorOptions): Extension[] {
  return [
    history(),
    Prec.highest(
      keymap.of([
        {
          key: 'Mod-Enter',
          run: () => {
            options.onRun();
            return true;
          },
        },
      ]),
    ),
    keymap.of([...defaultKeymap, ...historyKeymap]),
    EditorView.lineWrapping,
    highlighter,
    snqlLinter,
    lintGutter(),
    autocompletion({ override: [completer(options.loadTagKeys)], activateOnTyping: true }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) options.onChange(update.state.doc.toString());
    }),
    EditorView.contentAttributes.of({ 'aria-label': 'SnQL query', 'data-testid': 'snql-editor' }),
  ];
}

export function createEditor(parent: HTMLElement, options: EditorOptions): EditorView {
  return new EditorView({
    parent,
    state: EditorState.create({ doc: options.doc, extensions: editorExtensions(options) }),
  });
}

export function replaceDoc(view: EditorView, text: string): void {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}
