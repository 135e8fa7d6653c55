/** How the AI Agents page writes its numbers and names. */

/** Tokens as Sentry's `Count` writes them: `842`, `12.3K`, `4.1M`. */
export function formatTokens(tokens: number): string {
  if (tokens < 1000) return String(Math.round(tokens));
  if (tokens < 1_000_000) return `${(tokens / 1000).toFixed(1)}K`;
  return `${(tokens / 1_000_000).toFixed(1)}M`;
}

/** A call that named no model, or a tool call no tool, is listed under these names. */
export const modelLabel = (model: string) => (model === '' ? '<unknown model>' : model);
export const toolLabel = (tool: string) => (tool === '' ? '<unnamed tool>' : tool);
