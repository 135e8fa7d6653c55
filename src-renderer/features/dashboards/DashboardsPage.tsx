/**
 * Dashboards, as Sentry's list them: the prebuilt General dashboard first, then the saved ones by
 * title, narrowed by a title search; create one, duplicate one (its widgets and filters under a free
 * "… copy" title, as Sentry's does), delete one (never the last). `#/dashboards/<id>` is one
 * dashboard (`DashboardPage.tsx`).
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { DashboardListItem } from '../../../src-shared/dashboards-api.ts';
import { apiKeys, useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { hrefFor, navigate, useRoute } from '../../app/router.ts';
import { DashboardPage } from './DashboardPage.tsx';
import { draftOf } from './widget-draft.ts';
import './dashboards.css';

export function DashboardsPage() {
  const { segments } = useRoute();
  const [id] = segments;
  return id === undefined ? <DashboardList /> : <DashboardPage key={id} id={id} />;
}

function DashboardList() {
  const [search, setSearch] = useState('');
  const [title, setTitle] = useState('');
  const list = useApiQuery('dashboards.list', search === '' ? {} : { query: search });
  const queryClient = useQueryClient();
  const transport = useTransport();
  const refresh = () => queryClient.invalidateQueries({ queryKey: apiKeys.method('dashboards.list') });
  const create = useApiMutation('dashboards.create', {
    onSuccess: (created) => {
      refresh();
      navigate(hrefFor('dashboards', [created.id]));
    },
  });
  const remove = useApiMutation('dashboards.delete', { onSuccess: refresh });
  const [duplicateError, setDuplicateError] = useState<Error | null>(null);
  const duplicate = async (item: DashboardListItem) => {
    try {
      const dashboard = await transport.call('dashboards.get', { id: item.id });
      const { projects, environment, period, start, end } = dashboard;
      await transport.call('dashboards.create', {
        body: {
          title: `${dashboard.title} copy`,
          projects,
          environment,
          ...(period ? { period } : {}),
          ...(start && end ? { start, end } : {}),
          widgets: dashboard.widgets.map((w) => {
            const { id: _id, queries, ...rest } = draftOf(w);
            return { ...rest, queries: queries.map(({ id: _q, ...q }) => q) };
          }),
        },
      });
      setDuplicateError(null);
      refresh();
    } catch (error) {
      setDuplicateError(error as Error);
    }
  };
  return (
    <section className="dashboards">
      <h1>Dashboards</h1>
      <div className="issues-toolbar">
        <input
          aria-label="Search dashboards"
          placeholder="Search by title"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
        />
        <form
          className="dashboard-create"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ body: { title: title.trim(), widgets: [] } });
          }}
        >
          <input
            aria-label="New dashboard title"
            placeholder="New dashboard title"
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
          />
          <button type="submit" disabled={title.trim() === '' || create.isPending}>
            Create Dashboard
          </button>
        </form>
      </div>
      {list.error && <ErrorNote error={list.error} />}
      {create.error && <ErrorNote error={create.error} />}
      {remove.error && <ErrorNote error={remove.error} />}
      {duplicateError && <ErrorNote error={duplicateError} />}
      <table className="dashboards-table" aria-label="Dashboards" data-testid="dashboards-table">
        <thead>
          <tr>
            <th>Title</th>
            <th>Widgets</th>
            <th>Created</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(list.data ?? []).map((item) => (
            <tr key={item.id} data-dashboard-id={item.id}>
              <td>
                <a href={hrefFor('dashboards', [item.id])}>{item.title}</a>
              </td>
              <td className="num" title={item.widgetDisplay.join(', ')}>
                {item.widgetDisplay.length}
              </td>
              <td>{item.dateCreated === '' ? 'Prebuilt' : new Date(item.dateCreated).toLocaleString()}</td>
              <td>
                <button type="button" onClick={() => duplicate(item)}>
                  Duplicate
                </button>{' '}
                <button
                  type="button"
                  onClick={() => {
                    if (window.confirm(`Delete the dashboard “${item.title}”?`))
                      remove.mutate({ id: item.id });
                  }}
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
