/**
 * What went wrong while the event was processed (`errors`, as Relay records them: an invalid
 * attribute dropped, a value too long, …), in a banner above the event as Sentry shows it.
 */
import { display, obj, str, values } from './data.ts';
import { processingErrorMessage } from './processing-messages.ts';

export function ProcessingErrors({ event }: { event: Record<string, unknown> }) {
  const errors = values(event.errors);
  if (errors.length === 0) return null;
  return (
    <section className="card processing-errors" aria-label="Processing errors" role="note">
      <h2>
        There {errors.length === 1 ? 'was 1 problem' : `were ${errors.length} problems`} processing this event
      </h2>
      <ul>
        {errors.map((error, index) => {
          const { type, ...rest } = error;
          const details = Object.entries(rest).concat(Object.entries(obj(rest.data) ?? {}));
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: errors are positional
            <li key={index} data-testid="processing-error">
              {processingErrorMessage(str(type)) ?? <code>{str(type) ?? 'unknown_error'}</code>}
              {details
                .filter(([key]) => key !== 'data')
                .map(([key, value]) => (
                  <span key={key} className="muted">
                    {' '}
                    {key}: <code>{display(value)}</code>
                  </span>
                ))}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
