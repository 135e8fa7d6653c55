/** Grouping info: every variant with its component tree, what contributes, and why not. */
import type { GroupingComponentView, GroupingVariantView } from '../../../src-shared/issues-api.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';

function Component({ component }: { component: GroupingComponentView }) {
  return (
    <li className={component.contributes ? 'contributes' : 'not-contributing'}>
      <span className="component-id">{component.name ?? component.id}</span>
      {component.hint && <span className="hint"> ({component.hint})</span>}
      <ul>
        {component.values.map((value, index) =>
          typeof value === 'object' ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: components are positional
            <Component key={index} component={value} />
          ) : (
            // biome-ignore lint/suspicious/noArrayIndexKey: values are positional
            <li key={index} className="leaf">
              <code>{String(value)}</code>
            </li>
          ),
        )}
      </ul>
    </li>
  );
}

function Variant({
  name,
  variant,
  primary,
}: {
  name: string;
  variant: GroupingVariantView;
  primary: boolean;
}) {
  return (
    <details
      className={`variant${variant.contributes ? ' contributing' : ''}`}
      open={primary}
      data-testid="grouping-variant"
    >
      <summary>
        <strong>{name}</strong> <span className="muted">{variant.description}</span>{' '}
        {variant.contributes ? (
          <span className="contributes-badge">contributes</span>
        ) : (
          <span className="muted">does not contribute</span>
        )}
        {primary && <span className="contributes-badge"> · decides the issue</span>}
        {variant.hash && <code className="muted"> {variant.hash}</code>}
      </summary>
      {variant.hint && <p className="hint">{variant.hint}</p>}
      {variant.values && (
        <p>
          fingerprint:{' '}
          {variant.values.map((v) => (
            <code key={v}>{v} </code>
          ))}
        </p>
      )}
      {variant.matchedRule && (
        <p data-testid="matched-rule">
          {variant.matchedRule.isBuiltin ? 'built-in fingerprint rule' : 'fingerprint rule'}:{' '}
          <code>{variant.matchedRule.text}</code>
        </p>
      )}
      {variant.component && (
        <ul className="component-tree">
          <Component component={variant.component} />
        </ul>
      )}
    </details>
  );
}

export function GroupingInfo({ projectId, eventId }: { projectId: number; eventId: string }) {
  const info = useApiQuery('events.grouping', { projectId, eventId });
  return (
    <section className="card grouping-info" aria-label="Grouping info">
      <h2>Grouping info</h2>
      {info.error && <ErrorNote error={info.error} />}
      {info.data && (
        <>
          <p className="muted">
            config {info.data.config} · contributing variant{' '}
            <strong data-testid="contributing-variant">{info.data.contributingVariant ?? 'none'}</strong>
          </p>
          {Object.entries(info.data.variants).map(([name, variant]) => (
            <Variant
              key={name}
              name={name}
              variant={variant}
              primary={name === info.data.contributingVariant}
            />
          ))}
        </>
      )}
    </section>
  );
}
