/** The exceptions of an event, newest (the one raised last) first, each with its stack trace. */
import { obj, str, values } from './data.ts';
import { MetaMark, metaAt, metaChild, ownMeta } from './meta.tsx';
import { type EditorTarget, StackTrace } from './StackTrace.tsx';

export function Exceptions({
  event,
  fromDisk,
  editorTarget,
}: {
  event: Record<string, unknown>;
  fromDisk: string[];
  editorTarget: EditorTarget | null;
}) {
  const exceptions = values(event.exception);
  if (exceptions.length === 0) return null;
  const ordered = exceptions.map((exception, index) => ({ exception, index })).reverse();
  return (
    <section className="card" aria-label="Exception">
      <h2>Exception{exceptions.length > 1 ? 's (most recent first)' : ''}</h2>
      {ordered.map(({ exception, index }) => {
        const mechanism = obj(exception.mechanism);
        const frames = values(obj(exception.stacktrace)?.frames);
        const meta = metaAt(event, 'exception', 'values', index);
        const framesMeta = ownMeta(metaChild(meta, 'stacktrace', 'frames'));
        return (
          <div key={index} className="exception" data-testid="exception">
            <h3>
              {/* As the issue title: no type is an "Error", unless the exception is synthetic. */}
              {mechanism?.synthetic === true && str(exception.type) === undefined ? (
                <span className="exc-value">{str(exception.value)}</span>
              ) : (
                <>
                  <span className="exc-type">{str(exception.type) ?? 'Error'}</span>
                  {exception.value !== undefined && (
                    <span className="exc-value">: {str(exception.value)}</span>
                  )}
                </>
              )}
              <MetaMark meta={metaChild(meta, 'value')} value={exception.value} />
            </h3>
            {mechanism && (
              <p className="muted">
                mechanism {str(mechanism.type)}
                {mechanism.handled === false && <strong className="unhandled"> · unhandled</strong>}
                {mechanism.handled === true && ' · handled'}
              </p>
            )}
            {framesMeta && (
              <p className="muted">
                Frames <MetaMark meta={framesMeta} value={frames} />
              </p>
            )}
            {frames.length > 0 ? (
              <StackTrace
                frames={frames}
                exceptionIndex={index}
                fromDisk={fromDisk}
                editorTarget={editorTarget}
              />
            ) : (
              <p className="muted">No stack trace.</p>
            )}
          </div>
        );
      })}
    </section>
  );
}
