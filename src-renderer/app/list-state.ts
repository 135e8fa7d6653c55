/** The state of a list page's read (`ListPage.tsx`), apart from the components so it is testable without a DOM. */

/**
 * What a list read shows besides its error: nothing while it loads, the page's empty note when there
 * is nothing at all, "no match" when a search (or a bounded read) found nothing, else the rows.
 */
export type ListState = 'loading' | 'empty' | 'no-match' | 'rows';

export function listState(loaded: boolean, rows: number, searched: boolean): ListState {
  if (rows > 0) return 'rows';
  if (!loaded) return 'loading';
  return searched ? 'no-match' : 'empty';
}
