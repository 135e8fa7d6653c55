/** Discover's query as a dashboard widget ("Add to Dashboard"), and the builder's form as a widget. */
import { describe, expect, it } from 'vitest';
import {
  EMPTY_FORM,
  placed,
  widgetOf,
  widgetOfDiscover,
} from '../../../src-renderer/features/dashboards/widget-draft.ts';

describe('widgetOfDiscover', () => {
  it('turns a Top 5 query into a top N widget grouped by its other columns, sorted as the table', () => {
    const widget = widgetOfDiscover(
      { dataset: 'errors', field: ['step', 'count()'], query: 'level:error', sort: ['-count()'] },
      'top5',
      ['count()'],
      'Custom Widget',
    );
    expect(widget).toMatchObject({ displayType: 'top_n', widgetType: 'error-events', limit: 5 });
    expect(widget?.queries[0]).toMatchObject({
      columns: ['step'],
      aggregates: ['count()'],
      conditions: 'level:error',
      orderby: '-count()',
    });
  });

  it('charts a total-period query’s Y-axes, transactions from their dataset, and refuses spans', () => {
    const widget = widgetOfDiscover(
      { dataset: 'transactions', field: ['transaction', 'p95()'] },
      'default',
      [''],
      'W',
    );
    expect(widget).toMatchObject({ displayType: 'line', widgetType: 'transaction-like' });
    expect(widget?.queries[0]).toMatchObject({ aggregates: ['p95()'], columns: [] });
    expect(widgetOfDiscover({ dataset: 'spans', field: ['count()'] }, 'default', [], 'W')).toBeUndefined();
  });
});

describe('widgetOf and placed', () => {
  it('reads the builder’s comma lists and places a widget without a layout below the others', () => {
    const widget = widgetOf({
      ...EMPTY_FORM,
      title: ' T ',
      aggregates: 'count(), count_unique(user)',
      columns: 'step',
      limit: '3',
    });
    expect(widget).toMatchObject({ title: 'T', limit: 3, layout: null });
    expect(widget.queries[0]).toMatchObject({
      fields: ['step', 'count()', 'count_unique(user)'],
      columns: ['step'],
    });
    const [first, second] = placed([{ ...widget, layout: { x: 0, y: 0, w: 2, h: 2, minH: 2 } }, widget]);
    expect(first?.layout.y).toBe(0);
    expect(second?.layout).toEqual({ x: 0, y: 2, w: 3, h: 2, minH: 2 });
  });
});
