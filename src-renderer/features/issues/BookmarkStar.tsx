/** Sentry's bookmark star on the issue page: bookmarks the issue, or removes the bookmark. */
export function BookmarkStar({
  bookmarked,
  disabled,
  onChange,
}: {
  bookmarked: boolean;
  disabled?: boolean;
  onChange: (bookmarked: boolean) => void;
}) {
  return (
    <button
      type="button"
      className={`bookmark-star${bookmarked ? ' bookmarked' : ''}`}
      aria-pressed={bookmarked}
      aria-label={bookmarked ? 'Remove Bookmark' : 'Bookmark'}
      title={bookmarked ? 'Remove Bookmark' : 'Bookmark'}
      disabled={disabled}
      onClick={() => onChange(!bookmarked)}
    >
      {bookmarked ? '★' : '☆'}
    </button>
  );
}
