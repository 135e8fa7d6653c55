/**
 * A project's grouping rules, as Sentry's Settings → Issue Grouping has them: Fingerprint Rules
 * and Stack Trace Rules, each a text of rules one a line, saved on its own. A text that does not
 * parse is refused: the error names its line and column, the line is quoted under the text area
 * and the cursor put there. A change applies to the next event.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { GroupingRules } from '../../../src-shared/grouping-rules-api.ts';
import { apiKeys, useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import './grouping-rules.css';

type RulesKey = keyof GroupingRules;

const FIELDS: Array<{ key: RulesKey; label: string; help: string; placeholder: string }> = [
  {
    key: 'fingerprintingRules',
    label: 'Fingerprint Rules',
    help: 'Matchers, "->" and the fingerprint: events the matchers match form one issue per fingerprint. {{ default }} in a fingerprint keeps the normal grouping and refines it. One rule a line; # starts a comment.',
    placeholder: 'error.type:TypeError -> type-errors\nlogger:payments -> payments, {{ default }}',
  },
  {
    key: 'groupingEnhancements',
    label: 'Stack Trace Rules',
    help: 'Matchers and actions on the frames of stack traces: +app/-app mark frames in or out of the app, +group/-group make them count for grouping or not. One rule a line; # starts a comment.',
    placeholder: 'stack.function:helper* -group\nstack.module:vendor.* -app',
  },
];

/** The line and column a refusal names (`… (line 2, column 5)`), 1-based. */
function positionOf(message: string): { line: number; column: number } | undefined {
  const match = /\(line (\d+), column (\d+)\)/.exec(message);
  return match ? { line: Number(match[1]), column: Number(match[2]) } : undefined;
}

function RulesForm({
  projectId,
  field,
  stored,
}: {
  projectId: number;
  field: (typeof FIELDS)[number];
  stored: string;
}) {
  const [text, setText] = useState(stored);
  const area = useRef<HTMLTextAreaElement>(null);
  const queryClient = useQueryClient();
  const save = useApiMutation('projects.setGroupingRules', {
    onSuccess: (rules) => {
      queryClient.setQueryData(apiKeys.call('projects.getGroupingRules', { projectId }), rules);
      setText(rules[field.key]);
    },
    onError: (error) => {
      // The cursor goes to where the text stops parsing.
      const at = positionOf(error.message);
      const element = area.current;
      if (!at || !element) return;
      const lines = element.value.split('\n');
      const offset = lines.slice(0, at.line - 1).reduce((sum, line) => sum + line.length + 1, 0);
      element.focus();
      element.setSelectionRange(offset + at.column - 1, offset + (lines[at.line - 1]?.length ?? 0));
    },
  });
  const refused = save.error ? positionOf(save.error.message) : undefined;
  const refusedLine = refused ? text.split('\n')[refused.line - 1] : undefined;
  const id = `grouping-${field.key}-${projectId}`;
  return (
    <form
      aria-label={field.label}
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate({ projectId, [field.key]: text });
      }}
    >
      <label htmlFor={id}>{field.label}</label>
      <textarea
        id={id}
        rows={4}
        spellCheck={false}
        value={text}
        placeholder={field.placeholder}
        aria-invalid={save.error ? true : undefined}
        onChange={(event) => setText(event.target.value)}
      />
      <span className="muted">{field.help}</span>
      {save.error && <ErrorNote error={save.error} />}
      {refused && refusedLine !== undefined && (
        <pre className="refused-line" data-testid="refused-line">
          <span className="muted">line {refused.line}: </span>
          {refusedLine}
          {'\n'}
          {' '.repeat(`line ${refused.line}: `.length + refused.column - 1)}^
        </pre>
      )}
      <div className="row">
        <button type="submit" disabled={save.isPending || text === stored}>
          Save {field.label.toLowerCase()}
        </button>
        {save.isSuccess && text === stored && (
          <span className="muted">Saved: applies to the next event.</span>
        )}
      </div>
    </form>
  );
}

export function GroupingRulesSection({ projectId }: { projectId: number }) {
  const rules = useApiQuery('projects.getGroupingRules', { projectId });
  return (
    <section className="grouping-rules" aria-label="Issue Grouping">
      <h3>Issue Grouping</h3>
      <p className="muted">
        The project’s own rules, as in Sentry’s Issue Grouping settings. They apply to events received from
        now on; issues already made keep their events.
      </p>
      {rules.error && <ErrorNote error={rules.error} />}
      {rules.data &&
        FIELDS.map((field) => (
          <RulesForm
            key={field.key}
            projectId={projectId}
            field={field}
            stored={(rules.data as GroupingRules)[field.key]}
          />
        ))}
    </section>
  );
}
