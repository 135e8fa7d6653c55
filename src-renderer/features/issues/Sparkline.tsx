/** Events per bucket as bars (Sentry's stream sparkline). */
export function Sparkline({
  values,
  width = 100,
  height = 24,
}: {
  values: number[];
  width?: number;
  height?: number;
}) {
  const max = Math.max(1, ...values);
  const step = values.length > 0 ? width / values.length : width;
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      role="img"
      aria-label={`${values.reduce((a, b) => a + b, 0)} events in period`}
    >
      {values.map((value, index) => {
        const h = value === 0 ? 0 : Math.max(1, (value / max) * height);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: buckets are positional
          <rect key={index} x={index * step + 0.5} y={height - h} width={Math.max(1, step - 1)} height={h} />
        );
      })}
    </svg>
  );
}
