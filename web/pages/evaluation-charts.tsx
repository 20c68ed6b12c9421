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

/**
 * Horizontal bars on a 0–100 scale, in HTML: the labels are page text at the page's size, wrap on a
 * phone and are never clipped (an SVG scaled to the column drew them at 5–9 px and cut long English
 * names off). The table beside it is its text equivalent.
 */
export function ScoreChart(props: { id: string; title: string; bars: Bar[]; lang: Lang; color?: string }) {
  return (
    <div class="chart bars" role="img" aria-labelledby={`${props.id}-title`} data-chart={props.id}>
      <span id={`${props.id}-title`} class="visually-hidden">
        {props.title}
      </span>
      {props.bars.map((bar) => {
        const value = bar.value === null ? null : Math.max(0, Math.min(100, bar.value));
        return (
          <div class="bar-row">
            <span class="bar-label">
              {inLang(props.lang, bar.label)}
              {bar.note ? ` · ${bar.note}` : ''}
            </span>
            <span class="bar-track">
              <span class="bar" style={`width: ${value ?? 0}%; background: ${props.color ?? '#0b57d0'}`} />
            </span>
            <span class="bar-value">{bar.value === null ? '—' : bar.value.toFixed(1)}</span>
          </div>
        );
      })}
    </div>
  );
}
