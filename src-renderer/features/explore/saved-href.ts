/** A saved query opens on its dataset's page: spans on Traces, logs on Logs. */
import type { ExploreSavedQuery } from '../../../src-shared/explore-saved-api.ts';
import { savedHref as logsSavedHref } from '../logs/logs-url.ts';
import { savedHref as tracesSavedHref } from '../traces/explore-url.ts';

export function savedHref(saved: ExploreSavedQuery): string {
  switch (saved.dataset) {
    case 'spans':
      return tracesSavedHref(saved);
    case 'logs':
      return logsSavedHref(saved);
  }
}
