/** Discover's query as a dashboard widget ("Add to Dashboard"), and the builder's form as a widget. */
import { describe, expect, it } from 'vitest';
import {
  compacted,
  discoverHrefOf,
  duplicateOf,
  EMPTY_FORM,
  placed,
  type WidgetDraft,
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

  it('charts a total-period query’s Y-axes, transactions, spans and logs from their datasets, and refuses one no widget reads', () => {
    const widget = widgetOfDiscover(
      { dataset: 'transactions', field: ['transaction', 'p95()'] },
      'default',
      [''],
      'W',
    );
    expect(widget).toMatchObject({ displayType: 'line', widgetType: 'transaction-like' });
    expect(widget?.queries[0]).toMatchObject({ aggregates: ['p95()'], columns: [] });
    expect(widgetOfDiscover({ dataset: 'spans', field: ['count()'] }, 'default', [], 'W')?.widgetType).toBe(
      'spans',
    );
    expect(widgetOfDiscover({ dataset: 'ourlogs', field: ['count()'] }, 'default', [], 'W')?.widgetType).toBe(
      'logs',
    );
    expect(widgetOfDiscover({ dataset: 'profiles', field: ['count()'] }, 'default', [], 'W')).toBeUndefined();
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

describe('compacted', () => {
  it('moves each widget up until it meets one above it, as Sentry’s grid compacts vertically', () => {
    // A hole at rows 0–1 under the big number, a widget floating at row 9, and one too wide.
    const layouts = compacted([
      { x: 0, y: 0, w: 1, h: 1, minH: 1 },
      { x: 2, y: 0, w: 4, h: 2, minH: 2 },
      { x: 0, y: 3, w: 2, h: 2, minH: 2 },
      { x: 2, y: 9, w: 2, h: 2, minH: 2 },
      { x: 3, y: 12, w: 9, h: 1, minH: 1 },
    ]);
    expect(layouts.map(({ x, y, w }) => [x, y, w])).toEqual([
      [0, 0, 1],
      [2, 0, 4],
      [0, 1, 2],
      [2, 2, 2],
      [0, 4, 6],
    ]);
  });

  it('leaves a layout without holes as it is', () => {
    const tight = [
      { x: 0, y: 0, w: 3, h: 2, minH: 2 },
      { x: 3, y: 0, w: 3, h: 1, minH: 1 },
      { x: 3, y: 1, w: 3, h: 1, minH: 1 },
      { x: 0, y: 2, w: 6, h: 2, minH: 2 },
    ];
    expect(compacted(tight)).toEqual(tight);
  });
});

describe('a widget’s menu', () => {
  const grouped: WidgetDraft = {
    ...widgetOf({ ...EMPTY_FORM, title: 'By step', aggregates: 'count()', columns: 'step', limit: '3' }),
    queries: [
      {
        name: '',
        fields: ['step', 'count()'],
        aggregates: ['count()'],
        columns: ['step'],
        fieldAliases: [],
        conditions: 'level:error',
        orderby: '-count()',
        isHidden: false,
      },
    ],
  };
  const params = (href: string | undefined) => new URLSearchParams((href ?? '').split('?')[1] ?? '');

  it('opens a grouped chart in Discover as its Top N over the page filters', () => {
    const href = discoverHrefOf(grouped, { project: [2], environment: ['staging'], statsPeriod: '7d' });
    expect(href?.startsWith('#/discover?')).toBe(true);
    const p = params(href);
    expect(p.getAll('field')).toEqual(['step', 'count()']);
    expect(p.get('query')).toBe('level:error');
    expect(p.getAll('sort')).toEqual(['-count()']);
    expect(p.getAll('project')).toEqual(['2']);
    expect(p.getAll('environment')).toEqual(['staging']);
    expect(p.get('statsPeriod')).toBe('7d');
    expect(p.get('display')).toBe('top5');
    expect(p.get('topEvents')).toBe('3');
    expect(p.getAll('yAxis')).toEqual(['count()']);
  });

  it('opens a big number as its aggregate alone, of the transactions dataset', () => {
    const big: WidgetDraft = { ...grouped, displayType: 'big_number', widgetType: 'transaction-like' };
    const p = params(discoverHrefOf(big, { start: '2026-11-01T00:00:00', end: '2026-11-02T00:00:00' }));
    expect(p.getAll('field')).toEqual(['count()']);
    expect(p.get('dataset')).toBe('transactions');
    expect([p.get('start'), p.get('end'), p.get('display'), p.get('yAxis')]).toEqual([
      '2026-11-01T00:00:00',
      '2026-11-02T00:00:00',
      null,
      null,
    ]);
  });

  it('duplicates a saved widget as a new one without ids, placed below the others', () => {
    const saved: WidgetDraft = {
      ...grouped,
      id: '7',
      layout: { x: 0, y: 0, w: 6, h: 2, minH: 2 },
      queries: grouped.queries.map((q) => ({ ...q, id: '9' })),
    };
    const copy = duplicateOf(saved);
    expect(copy.id).toBeUndefined();
    expect(copy.queries.map((q) => q.id)).toEqual([undefined]);
    expect(copy.queries[0]?.columns).toEqual(['step']);
    const [, below] = placed([saved, copy]);
    expect(below?.layout).toEqual({ x: 0, y: 2, w: 3, h: 2, minH: 2 });
  });
});
