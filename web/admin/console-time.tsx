import { stampIn } from '../../functions/platform/dates';

/** A moment in the city's time zone, with the zone's offset shown and the exact instant in `datetime`. */
export function CityTime(props: { value: Date | string; zone: string; precision?: 'minute' | 'second' }) {
  const stamp = stampIn(props.zone, props.value, props.precision);
  return (
    <time datetime={new Date(props.value).toISOString()} title={props.zone}>
      {stamp.text} <span class="muted">{stamp.zone}</span>
    </time>
  );
}
