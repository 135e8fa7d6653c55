/** How the Assets page writes its figures: byte sizes, an asset's type, its render-blocking status. */
import {
  type AssetSeriesPoint,
  type AssetType,
  FONT_EXTENSIONS,
  IMAGE_EXTENSIONS,
  type RenderBlockingStatus,
} from '../../../src-shared/assets-api.ts';
import type { SnqlMeta, SnqlRow } from '../../../src-shared/snql-api.ts';

const UNITS = ['KiB', 'MiB', 'GiB'];

/** Bytes in powers of 1024 with one decimal, as Sentry's `formatBytesBase2` (`3.9 KiB`); `—` for none. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '—';
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  let value = bytes;
  let unit = 'B';
  for (const next of UNITS) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  return `${value.toFixed(1)} ${unit}`;
}

/** Sentry's options of its type filter, with the extensions each one matches. */
export const TYPE_LABELS: Record<AssetType, string> = {
  'resource.script': 'JavaScript (.js)',
  'resource.css': 'Stylesheet (.css)',
  'resource.font': `Font (${FONT_EXTENSIONS.map((e) => `.${e}`).join(', ')})`,
  'resource.img': `Image (${IMAGE_EXTENSIONS.map((e) => `.${e}`).join(', ')})`,
};

const FONTS: readonly string[] = FONT_EXTENSIONS;

/** The type Sentry's table names for an asset: by its op or extension, else its op itself. */
export function assetKind(op: string, fileExtension: string): string {
  if (op === 'resource.script' || fileExtension === 'js') return 'JavaScript';
  if (fileExtension === 'css') return 'Stylesheet';
  if (FONTS.includes(fileExtension)) return 'Font';
  if (op === 'resource.img') return 'Image';
  return op;
}

/** Sentry's "Render Blocking" column: Yes, No, or `-` when the browser did not say. */
export function renderBlockingLabel(status: RenderBlockingStatus | null): string {
  if (status === 'blocking') return 'Yes';
  if (status === 'non-blocking') return 'No';
  return '-';
}

/** Chart rows of the shared line chart: a time column and one numeric column per series. */
export function chartOf(
  series: readonly AssetSeriesPoint[],
  columns: Record<string, (point: AssetSeriesPoint) => number | null>,
): { meta: SnqlMeta[]; rows: SnqlRow[] } {
  const names = Object.keys(columns);
  return {
    meta: [{ name: 'time', type: 'DateTime' }, ...names.map((name) => ({ name, type: 'Float64' }))],
    rows: series.map((point) => ({
      time: point.time,
      // One decimal: the chart prints its largest value as it is.
      ...Object.fromEntries(names.map((name) => [name, Math.round((columns[name]?.(point) ?? 0) * 10) / 10])),
    })),
  };
}
