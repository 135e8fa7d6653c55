/** The figures of the Web Vitals page and of a page's overview: the score and each vital's p75, rated. */
import type { VitalsSummary } from '../../../src-shared/web-vitals-api.ts';
import { formatScore, formatVital, RATING_LABELS, VITAL_LABELS } from './web-vitals-format.ts';

/** The score and each vital's p75 with its rating, as the module's header shows them. */
export function VitalsOverview({ summary, label }: { summary: VitalsSummary; label: string }) {
  return (
    <dl className="request-figures web-vitals" aria-label={label}>
      <div data-testid="performance-score" data-rating={summary.rating ?? ''}>
        <dt className="muted">Performance score</dt>
        <dd>
          {formatScore(summary.score)}
          {summary.rating && (
            <span className={`vital-rating ${summary.rating}`}> {RATING_LABELS[summary.rating]}</span>
          )}
        </dd>
      </div>
      {summary.vitals.map((figure) => (
        <div key={figure.vital} data-testid={`vital-${figure.vital}`} data-rating={figure.rating ?? ''}>
          <dt className="muted">{VITAL_LABELS[figure.vital]} (p75)</dt>
          <dd>
            {formatVital(figure.vital, figure.p75)}
            {figure.rating && (
              <span className={`vital-rating ${figure.rating}`}> {RATING_LABELS[figure.rating]}</span>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
