/** One of the Assets page's filters (Sentry's compact selects): All, or one of its options. */
export function AssetFilter({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  /** `''`: All. */
  value: string;
  /** `[value, label]` in order. */
  options: ReadonlyArray<readonly [string, string]>;
  onChange: (value: string) => void;
}) {
  // A value chosen before (from the URL) stays offered while the period has none of it.
  const shown =
    value === '' || options.some(([option]) => option === value)
      ? options
      : [[value, value] as const, ...options];
  return (
    <label className="asset-filter">
      {label}{' '}
      <select aria-label={label} value={value} onChange={(event) => onChange(event.currentTarget.value)}>
        <option value="">All</option>
        {shown.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
