/**
 * One page of the Web Vitals page, as Sentry's page overview: its score and p75s, and its newest page
 * loads and navigations with their own vitals and score, each linking to its trace.
 */
import type { StatsPeriod } from '../../../src-shared/issues-api.ts';
import type { WebVitalsPage } from '../../../src-shared/web-vitals-api.ts';
import { SCORED_VITALS, scoreRating } from '../../../src-shared/web-vitals-score.ts';
import { hrefFor } from '../../app/router.ts';
import { VitalsOverview } from './VitalsOverview.tsx';
import { formatScore, formatVital, VITAL_LABELS } from './web-vitals-format.ts';

export function WebVitalsPagePanel({
  projectId,
  period,
  page,
}: {
  projectId: number;
  period: StatsPeriod;
  page: WebVitalsPage;
}) {
  return (
    <section className="card query-samples" aria-label={`Web vitals of ${page.transaction}`}>
      <h2>{page.transaction}</h2>
      {page.summary.count === 0 ? (
        <p className="empty">No page loads of this page with web vitals in the last {period}.</p>
      ) : (
        <VitalsOverview summary={page.summary} label="Page web vitals" />
      )}
      {page.samples.length > 0 && (
        <table className="traces-table queries-table" aria-label={`Samples of ${page.transaction}`}>
          <thead>
            <tr>
              <th>Time</th>
              {SCORED_VITALS.map((vital) => (
                <th key={vital} className="num">
                  {VITAL_LABELS[vital]}
                </th>
              ))}
              <th className="num">Score</th>
              <th>Trace</th>
            </tr>
          </thead>
          <tbody>
            {page.samples.map((sample) => (
              <tr key={`${sample.traceId}:${sample.spanId}`}>
                <td className="trace-list-time">{new Date(sample.timestamp).toLocaleString()}</td>
                {SCORED_VITALS.map((vital) => (
                  <td key={vital} className="num">
                    {formatVital(vital, sample.vitals[vital])}
                  </td>
                ))}
                <td className={`num vital-rating ${sample.score === null ? '' : scoreRating(sample.score)}`}>
                  {formatScore(sample.score)}
                </td>
                <td>
                  <a
                    href={hrefFor('traces', [sample.traceId], {
                      project: String(projectId),
                      span: sample.spanId,
                    })}
                  >
                    {sample.traceId.slice(0, 8)}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
