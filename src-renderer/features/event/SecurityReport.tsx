/**
 * The browser's security report an event came from (Sentry's `csp`, `expectct`, `expectstaple`
 * and `hpkp` interfaces), shown as Sentry's "CSP Report" section shows it: every field of the report.
 */
import { obj } from './data.ts';
import { KvTable } from './KeyValues.tsx';

const REPORTS = [
  ['csp', 'CSP Report'],
  ['expectct', 'Expect-CT Report'],
  ['expectstaple', 'Expect-Staple Report'],
  ['hpkp', 'HPKP Report'],
] as const;

export function SecurityReport({ event }: { event: Record<string, unknown> }) {
  return (
    <>
      {REPORTS.map(([key, title]) => {
        const report = obj(event[key]);
        if (!report || Object.keys(report).length === 0) return null;
        return (
          <section key={key} className="card" aria-label={title} data-testid="security-report">
            <h2>{title}</h2>
            <KvTable data={report} />
          </section>
        );
      })}
    </>
  );
}
