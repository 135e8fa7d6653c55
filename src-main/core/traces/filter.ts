/**
 * The Traces page's search: words of the transaction's name (case-insensitive), and `op:`, `status:`
 * and `trace:` filters. Kept to what a local app needs, as the Logs page's search is.
 */
import type { TraceTransaction } from '../../../src-shared/trace-api.ts';

export interface TransactionFilter {
  text: string;
  op: string | null;
  status: string | null;
  traceId: string | null;
}

export function parseTransactionFilter(query: string | undefined): TransactionFilter {
  const words: string[] = [];
  const filter: TransactionFilter = { text: '', op: null, status: null, traceId: null };
  for (const token of (query ?? '').trim().split(/\s+/)) {
    if (token === '') continue;
    const match = /^(op|status|trace):(.+)$/i.exec(token);
    const value = match?.[2]?.toLowerCase() ?? '';
    switch (match?.[1]?.toLowerCase()) {
      case 'op':
        filter.op = value;
        break;
      case 'status':
        filter.status = value;
        break;
      case 'trace':
        filter.traceId = value.replaceAll('-', '');
        break;
      default:
        words.push(token);
    }
  }
  filter.text = words.join(' ').toLowerCase();
  return filter;
}

export function matchesTransactionFilter(transaction: TraceTransaction, filter: TransactionFilter): boolean {
  if (filter.op !== null && transaction.op?.toLowerCase() !== filter.op) return false;
  if (filter.status !== null && (transaction.status ?? '').toLowerCase() !== filter.status) return false;
  return filter.text === '' || transaction.name.toLowerCase().includes(filter.text);
}
