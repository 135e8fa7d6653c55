/** What a link to something that does not exist shows, as the missing issue and event do: a title and why. */
import type { ReactNode } from 'react';

export function NotFound({
  title,
  testId,
  back,
  children,
}: {
  title: string;
  testId: string;
  /** Where to go instead: `[href, label]`. */
  back?: [string, string];
  children: ReactNode;
}) {
  return (
    <section className="not-found">
      {back && (
        <a href={back[0]} className="back">
          {back[1]}
        </a>
      )}
      <h1>{title}</h1>
      <p className="muted" data-testid={testId}>
        {children}
      </p>
    </section>
  );
}
