/**
 * The transaction summary's "Open in Discover", as Sentry's: the transaction's events in the
 * transactions dataset (`transaction:"NAME"`), over the summary's project and period, with the
 * columns of the summary's events list (event id, user, duration, trace, time), in the list's order
 * (slowest first, or newest first).
 */
import type { DiscoverQuery } from '../../../src-shared/discover-api.ts';
import type { StatsPeriod } from '../../../src-shared/issues-api.ts';
import type { SampleOrder } from '../../../src-shared/performance-api.ts';
import { discoverHref } from '../discover/discover-url.ts';
import { tagQuery } from '../issue/tag-query.ts';

export const TRANSACTION_DISCOVER_FIELDS = [
  'id',
  'user.display',
  'transaction.duration',
  'trace',
  'timestamp',
];

const SORTS: Record<SampleOrder, string> = { slowest: '-transaction.duration', newest: '-timestamp' };

export function transactionDiscoverQuery(
  projectId: number,
  transaction: string,
  period: StatsPeriod,
  samples: SampleOrder,
): DiscoverQuery {
  return {
    dataset: 'transactions',
    field: [...TRANSACTION_DISCOVER_FIELDS],
    sort: [SORTS[samples]],
    query: tagQuery('transaction', transaction),
    statsPeriod: period,
    project: [projectId],
  };
}

export function transactionDiscoverHref(
  projectId: number,
  transaction: string,
  period: StatsPeriod,
  samples: SampleOrder,
): string {
  return discoverHref(transactionDiscoverQuery(projectId, transaction, period, samples));
}
