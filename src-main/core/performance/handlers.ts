/** The API handlers of the Performance page (`performance.*`). */
import type { Handlers } from '../api/handlers.ts';
import { listTransactions, transactionSummary } from './transactions.ts';

export const performanceHandlers: Pick<Handlers, 'performance.transactions' | 'performance.summary'> = {
  'performance.transactions': (params, ctx) => listTransactions(ctx.db, params),
  'performance.summary': (params, ctx) => transactionSummary(ctx.db, params),
};
