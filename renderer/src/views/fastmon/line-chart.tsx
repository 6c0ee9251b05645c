/** A small hand-drawn SVG line chart (no chart library): lines over a shared time axis, each line its own scale. */
import type { ReactElement } from 'react';

export interface ChartLine {
  label: string;
  values: number[];
  className: string;
  format(value: number): string;
}

const WIDTH = 560;
const HEIGHT = 150;
const PAD = { left: 8, right: 8, top: 18, bottom: 18 };

/** `x,y` pairs of one line; each line is scaled to its own maximum (its label names it). */
function path(t: number[], values: number[], t0: number, span: number, max: number): string {
  const w = WIDTH - PAD.left - PAD.right;
  const h = HEIGHT - PAD.top - PAD.bottom;
  return values
    .map((value, index) => {
      const x = PAD.left + ((t[index] - t0) / span) * w;
      const y = PAD.top + h - (max > 0 ? value / max : 0) * h;
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

/** `t` in Unix seconds (ascending); a single point is drawn as a short flat line. */
export function LineChart(props: { title: string; t: number[]; lines: ChartLine[]; testId: string }): ReactElement {
  const { t, lines } = props;
  const t0 = t[0] ?? 0;
  // One second at least, so a run that fits in one second still draws.
  const span = Math.max(1, (t[t.length - 1] ?? 0) - t0);
  const last = t.length - 1;
  return (
    <figure className="chart" data-testid={props.testId} data-points={t.length}>
      <figcaption className="chart-title">
        {props.title}
        {lines.map((line) => (
          <span key={line.label} className={`chart-key ${line.className}`}>
            {line.label}: {last >= 0 ? line.format(line.values[last]) : '—'} (max {line.values.length ? line.format(Math.max(...line.values)) : '—'})
          </span>
        ))}
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={props.title} preserveAspectRatio="none">
        <line className="chart-axis" x1={PAD.left} y1={HEIGHT - PAD.bottom} x2={WIDTH - PAD.right} y2={HEIGHT - PAD.bottom} />
        {t.length > 0 &&
          lines.map((line) => {
            const max = Math.max(...line.values);
            const points = t.length === 1 ? path([t0, t0 + span], [line.values[0], line.values[0]], t0, span, max) : path(t, line.values, t0, span, max);
            return <polyline key={line.label} className={`chart-line ${line.className}`} points={points} vectorEffect="non-scaling-stroke" />;
          })}
      </svg>
      {t.length === 0 && <p className="chart-empty">waiting for TFs…</p>}
    </figure>
  );
}
