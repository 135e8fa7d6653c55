/**
 * Discover's "Add to Dashboard", as Sentry's: the query becomes a widget (`widgetOfDiscover`: its
 * Y-axes, display, search and sort) added to a chosen dashboard — or a new one — and saved; the page
 * then opens that dashboard. Only the errors and transactions datasets make widgets.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { DiscoverQuery } from '../../../src-shared/discover-api.ts';
import { apiKeys, useApiQuery } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { hrefFor, navigate } from '../../app/router.ts';
import { draftOf, widgetOfDiscover } from './widget-draft.ts';

const NEW = 'new';

export function AddToDashboard({
  query,
  display,
  yAxis,
  title,
}: {
  query: DiscoverQuery;
  display: string;
  yAxis: readonly string[];
  title: string;
}) {
  const [open, setOpen] = useState(false);
  const [target, setTarget] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const list = useApiQuery('dashboards.list', {});
  const transport = useTransport();
  const queryClient = useQueryClient();
  const widget = widgetOfDiscover(query, display, yAxis, title);
  const add = async () => {
    if (!widget) return;
    try {
      const strip = ({ id: _id, ...w }: typeof widget) => w;
      let saved: { id: string };
      if (target === NEW) {
        saved = await transport.call('dashboards.create', {
          body: { title: 'Untitled dashboard', widgets: [strip(widget)] },
        });
      } else {
        const dashboard = await transport.call('dashboards.get', { id: target });
        const kept = dashboard.widgets.map(draftOf);
        saved = await transport.call('dashboards.update', {
          id: target,
          body: { widgets: [...kept, widget] },
        });
      }
      queryClient.invalidateQueries({ queryKey: apiKeys.method('dashboards.list') });
      queryClient.invalidateQueries({ queryKey: apiKeys.method('dashboards.get') });
      navigate(hrefFor('dashboards', [saved.id]));
    } catch (caught) {
      setError(caught as Error);
    }
  };
  if (!open)
    return (
      <button
        type="button"
        disabled={!widget}
        title={widget ? undefined : 'Only the errors and transactions datasets make widgets.'}
        onClick={() => setOpen(true)}
      >
        Add to Dashboard
      </button>
    );
  return (
    <fieldset className="add-to-dashboard" aria-label="Add to Dashboard">
      <select aria-label="Dashboard" value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
        <option value="">Select a dashboard</option>
        {(list.data ?? []).map((d) => (
          <option key={d.id} value={d.id}>
            {d.title}
          </option>
        ))}
        <option value={NEW}>+ Create New Dashboard</option>
      </select>
      <button type="button" disabled={target === ''} onClick={add}>
        Add widget
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
      {error && <ErrorNote error={error} />}
    </fieldset>
  );
}
