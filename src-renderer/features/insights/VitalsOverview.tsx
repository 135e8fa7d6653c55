/** The figures of the Web Vitals page and of a page's overview: the score and each vital's p75, rated. */
import type { VitalsSummary } from '../../../src-shared/web-vitals-api.ts';
import { formatPart, formatScore, formatVital, RATING_LABELS, VITAL_LABELS } from './web-vitals-format.ts';

/** Each vital's points of the score, of the most it could give (its weight), as the module's ring shows them. */
function ScoreBreakdown({ summary, label }: { summary: VitalsSummary; label: string }) {
  if (summary.breakdown.length === 0) return null;
  return (
    <ul className="score-breakdown" aria-label={`Score breakdown of ${label.toLowerCase()}`}>
      {summary.breakdown.map((part) => (
        <li key={part.vital} data-testid={`breakdown-${part.vital}`}>
          <span className="muted">{VITAL_LABELS[part.vital]}</span> {formatPart(part)}
        </li>
      ))}
    </ul>
  );
}

/** The score and each vital's p75 with its rating, as the module's header shows them, and the score's breakdown. */
export function VitalsOverview({ summary, label }: { summary: VitalsSummary; label: string }) {
  return (
    <>
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
      <ScoreBreakdown summary={summary} label={label} />
    </>
  );
}
