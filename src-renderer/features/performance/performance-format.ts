/** How the Performance page writes Apdex: two decimals, as Sentry shows it. */
export const formatApdex = (apdex: number) => apdex.toFixed(2);
