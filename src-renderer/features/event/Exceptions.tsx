/**
 * The exceptions of an event with their stack traces, as Sentry's exception section: newest first (the
 * one raised last, its most recent call on top) or oldest first, mechanism pills, exception groups'
 * related exceptions, and the raw stack traces as the platform prints them.
 */
import { DisplayOptions, useMinified, useStackDisplay } from './DisplayOptions.tsx';
import { obj, str, values } from './data.ts';
import { Mechanism } from './Mechanism.tsx';
import { MetaMark, metaAt, metaChild, ownMeta } from './meta.tsx';
import {
  exceptionAnchor,
  exceptionId,
  RelatedExceptions,
  ToggleRelated,
  useCollapsedGroups,
} from './RelatedExceptions.tsx';
import { rawStacktrace } from './raw-stacktrace.ts';
import { type EditorTarget, StackTrace } from './StackTrace.tsx';

export function Exceptions({
  event,
  projectId,
  fromDisk,
  editorTarget,
}: {
  event: Record<string, unknown>;
  projectId: number;
  fromDisk: string[];
  editorTarget: EditorTarget | null;
}) {
  const exceptions = values(event.exception);
  const display = useStackDisplay(projectId);
  const { newestFirst, raw } = display;
  const groups = useCollapsedGroups(exceptions, str(event.event_id) ?? '');
  const platform = str(event.platform) ?? 'other';
  // The frames shown: the source-mapped ones, or with "Minified" those the SDK sent.
  const { minified, option, stackOf } = useMinified(exceptions, platform);
  if (exceptions.length === 0) return null;
  const indexed = exceptions.map((exception, index) => ({ exception, index }));
  const ordered = newestFirst ? [...indexed].reverse() : indexed;
  const open = (exception: Record<string, unknown>) => {
    groups.reveal(exception);
    const id = exceptionId(exception);
    // After the render that unfolds it.
    if (id !== undefined)
      setTimeout(() => document.getElementById(exceptionAnchor(id))?.scrollIntoView({ block: 'start' }), 0);
  };
  return (
    <section className="card" aria-label="Exception">
      <div className="section-head">
        <h2>Exception{exceptions.length > 1 ? 's' : ''}</h2>
        <DisplayOptions {...display} minified={option} />
      </div>
      {raw
        ? indexed.map(({ exception, index }) => (
            <pre key={index} className="raw-stacktrace" data-testid="raw-stacktrace">
              {rawStacktrace(
                values(stackOf(exception)?.frames),
                str(stackOf(exception)?.platform) ?? platform,
                exception,
              )}
            </pre>
          ))
        : ordered.map(({ exception, index }) => {
            if (groups.hidden(exception)) return null;
            const mechanism = obj(exception.mechanism);
            const frames = values(stackOf(exception)?.frames);
            const meta = metaAt(event, 'exception', 'values', index);
            const framesMeta = ownMeta(metaChild(meta, 'stacktrace', 'frames'));
            const id = exceptionId(exception);
            return (
              <div
                key={index}
                id={id === undefined ? undefined : exceptionAnchor(id)}
                className="exception"
                data-testid="exception"
              >
                <h3>
                  {/* As the issue title: no type is an "Error", unless the exception is synthetic. */}
                  {mechanism?.synthetic === true && str(exception.type) === undefined ? (
                    <span className="exc-value user-text">{str(exception.value)}</span>
                  ) : (
                    <>
                      <span className="exc-type user-text">{str(exception.type) ?? 'Error'}</span>
                      {exception.value !== undefined && (
                        <span className="exc-value">
                          : <span className="user-text">{str(exception.value)}</span>
                        </span>
                      )}
                    </>
                  )}
                  <MetaMark meta={metaChild(meta, 'value')} value={exception.value} />
                </h3>
                <ToggleRelated
                  exception={exception}
                  all={exceptions}
                  collapsed={groups.collapsed}
                  toggle={groups.toggle}
                />
                {mechanism && <Mechanism mechanism={mechanism} />}
                <RelatedExceptions
                  exception={exception}
                  all={exceptions}
                  newestFirst={newestFirst}
                  onOpen={open}
                />
                {framesMeta && (
                  <p className="muted">
                    Frames <MetaMark meta={framesMeta} value={frames} />
                  </p>
                )}
                {frames.length > 0 ? (
                  <StackTrace
                    key={minified ? 'minified' : 'mapped'}
                    frames={frames}
                    platform={platform}
                    newestFirst={newestFirst}
                    expandFirstFrame={index === exceptions.length - 1}
                    exceptionIndex={index}
                    fromDisk={minified ? [] : fromDisk}
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
