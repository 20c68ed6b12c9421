import { type Bilingual, inLang, type Lang } from '../i18n';

/** The small-count rule: a figure from fewer than 5 raters or answers is withheld. */
export const SMALL_COUNT = 5;
export const shownCount = (count: number) =>
  count > 0 && count < SMALL_COUNT ? `<${SMALL_COUNT}` : String(count);
export const publishable = (score: number | null, count: number) => (count >= SMALL_COUNT ? score : null);

export interface Bar {
  label: Bilingual;
  value: number | null;
  note?: string;
}

/** Horizontal bars on a 0–100 scale as server-rendered SVG; the table beside it is its text equivalent. */
export function ScoreChart(props: { id: string; title: string; bars: Bar[]; lang: Lang; color?: string }) {
  const rowHeight = 24;
  const label = 300;
  const width = 760;
  const span = width - label - 60;
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${width} ${props.bars.length * rowHeight + 8}`}
      role="img"
      aria-labelledby={`${props.id}-title`}
    >
      <title id={`${props.id}-title`}>{props.title}</title>
      {props.bars.map((bar, index) => {
        const w = bar.value === null ? 0 : (span * Math.max(0, Math.min(100, bar.value))) / 100;
        return (
          <g>
            <text x={label - 8} y={index * rowHeight + 17} text-anchor="end" font-size="12" fill="#1f2328">
              {inLang(props.lang, bar.label)}
              {bar.note ? ` · ${bar.note}` : ''}
            </text>
            <rect
              x={label}
              y={index * rowHeight + 5}
              width={w}
              height={rowHeight - 8}
              fill={props.color ?? '#0b57d0'}
            />
            <text x={label + w + 6} y={index * rowHeight + 17} font-size="12" fill="#1f2328">
              {bar.value === null ? '—' : bar.value.toFixed(1)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
