/**
 * The pieces of SDK set-up shown on a project's card and on the empty issue list while it waits
 * for events: a copy button, the snippets per platform, and "Send a sample event".
 */
import { useState } from 'react';
import { useApiMutation } from '../../api/hooks.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { hrefFor } from '../../app/router.ts';
import { type SnippetId, snippetsFor } from './snippets.ts';
import './setup.css';

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = () => {
    navigator.clipboard.writeText(text).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  };
  return (
    <button type="button" onClick={copy}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select and copy' : label}
    </button>
  );
}

export function Snippets({ dsn }: { dsn: string }) {
  const snippets = snippetsFor(dsn);
  const [chosen, setChosen] = useState<SnippetId>('node');
  const snippet = snippets.find((s) => s.id === chosen) ?? snippets[0];
  return (
    <div className="snippets">
      <div role="tablist" aria-label="SDK">
        {snippets.map((s) => (
          <button
            key={s.id}
            type="button"
            role="tab"
            aria-selected={s.id === chosen}
            onClick={() => setChosen(s.id)}
          >
            {s.label}
          </button>
        ))}
      </div>
      {snippet && (
        <div role="tabpanel" aria-label={`${snippet.label} setup`}>
          <pre className="snippet">{snippet.install}</pre>
          <pre className="snippet" data-testid="snippet">
            {snippet.code}
          </pre>
          {snippet.note && <p className="muted snippet-note">{snippet.note}</p>}
          <CopyButton text={snippet.code} label="Copy snippet" />
        </div>
      )}
    </div>
  );
}

export function SampleEvent({ projectId }: { projectId: number }) {
  const send = useApiMutation('projects.sendSampleEvent');
  return (
    <div className="sample-event">
      <button type="button" disabled={send.isPending} onClick={() => send.mutate({ projectId })}>
        Send a sample event
      </button>{' '}
      {send.data && (
        <span role="status">
          Sample event sent.{' '}
          <a href={hrefFor('issues', [], { project: String(projectId) })}>See it in Issues</a>
        </span>
      )}
      {send.error && <ErrorNote error={send.error} />}
    </div>
  );
}
