/**
 * The threads of an event with their stack traces (Sentry's `threads` interface): what a message
 * captured with `attach_stacktrace`, or a native or JVM crash, carries instead of (or beside) an
 * exception. The crashed thread comes first, then the current one; a thread whose stack an
 * exception already shows is not repeated. An event's own `stacktrace` (Sentry's stack trace interface,
 * sent by older SDKs beside a message) is shown the same way, as Sentry's "Stack Trace".
 */
import { DisplayOptions, useMinified, useStackDisplay } from './DisplayOptions.tsx';
import { obj, str, values } from './data.ts';
import { rawStacktrace } from './raw-stacktrace.ts';
import { StackTrace } from './StackTrace.tsx';

function threadName(thread: Record<string, unknown>, index: number): string {
  const id = str(thread.id);
  const name = str(thread.name);
  const label = id !== undefined ? `Thread ${id}` : `Thread ${index + 1}`;
  return name ? `${label} (${name})` : label;
}

export function Threads({ event, projectId }: { event: Record<string, unknown>; projectId: number }) {
  const display = useStackDisplay(projectId);
  const { newestFirst, raw } = display;
  const exceptionThreads = new Set(
    values(event.exception)
      .filter((exception) => obj(exception.stacktrace))
      .flatMap((exception) => str(exception.thread_id) ?? []),
  );
  const shownByException = (thread: Record<string, unknown>) => {
    const id = str(thread.id);
    return id !== undefined && exceptionThreads.has(id);
  };
  const platform = str(event.platform) ?? 'other';
  // An event's own `stacktrace` (older SDKs' messages) is shown as Sentry's "Stack Trace", as a thread.
  const top: Record<string, unknown> | null = obj(event.stacktrace)
    ? { stacktrace: event.stacktrace, raw_stacktrace: event.raw_stacktrace }
    : null;
  const all: Array<Record<string, unknown>> = [...(top ? [top] : []), ...values(event.threads)];
  // The frames shown: the source-mapped ones, or with "Minified" those the SDK sent.
  const { minified, option, stackOf } = useMinified(all, platform);
  const threads = all
    .map((thread, index) => ({ thread, index, frames: values(stackOf(thread)?.frames) }))
    .filter(({ thread, frames }) => frames.length > 0 && !shownByException(thread))
    .sort(
      (a, b) =>
        Number(b.thread.crashed === true) - Number(a.thread.crashed === true) ||
        Number(b.thread.current === true) - Number(a.thread.current === true) ||
        a.index - b.index,
    );
  if (threads.length === 0) return null;
  const title = values(event.exception).length === 0 && threads.length === 1 ? 'Stack Trace' : 'Threads';
  return (
    <section className="card" aria-label={title}>
      <div className="section-head">
        <h2>{title}</h2>
        <DisplayOptions {...display} minified={option} />
      </div>
      {threads.map(({ thread, index, frames }) => (
        <div key={index} className="thread" data-testid="thread">
          {(threads.length > 1 || title === 'Threads') && (
            <h3>
              {thread === top ? 'Stack Trace' : threadName(thread, index - (top ? 1 : 0))}
              {thread.crashed === true && <strong className="unhandled"> · crashed</strong>}
              {thread.current === true && <span className="muted"> · current</span>}
            </h3>
          )}
          {raw ? (
            <pre className="raw-stacktrace" data-testid="raw-stacktrace">
              {rawStacktrace(frames, str(stackOf(thread)?.platform) ?? platform)}
            </pre>
          ) : (
            <StackTrace
              key={minified ? 'minified' : 'mapped'}
              frames={frames}
              platform={platform}
              newestFirst={newestFirst}
              expandFirstFrame={index === threads[0]?.index}
              exceptionIndex={-1}
              fromDisk={[]}
              editorTarget={null}
            />
          )}
        </div>
      ))}
    </section>
  );
}
