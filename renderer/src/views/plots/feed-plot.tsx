/** One live uPlot chart of a PlotSpec: created once per field set, fed with setData at most 4×/s. */
import { useEffect, useMemo, useRef, useState, type ReactElement, type ReactNode } from 'react';
import type uPlot from 'uplot';
// Bundled by vite into the renderer's own stylesheet (a <link> to 'self': the CSP allows it, no inline style).
import 'uplot/dist/uPlot.min.css';
import { FEED_WINDOWS_SEC, feedKey, type FeedWindowSec } from '../../../../shared/feeds.js';
import { acquireFeed, seriesPoints, usePlotsStore, type PlotSpec } from '../../stores/plots-store.js';
import { alignSeries, type AlignedData } from './align.js';
import { fieldLabel, formatValue, windowLabel } from './plot-format.js';

/** Redraw period: at most ~4 frames a second, whatever the feed rate. */
const REDRAW_MS = 250;
// The same colours as the .plot-color-N classes in theme.css (uPlot strokes are set from script).
const COLORS = ['#4ea8ff', '#3ecf8e', '#f0b429', '#ff5d5d', '#c084fc', '#22d3ee', '#fb923c', '#a3e635'];

export interface FeedPlotProps {
  spec: PlotSpec;
  compact?: boolean;
  onWindow?(windowSec: FeedWindowSec): void;
  /** Extra buttons in the plot's header (pin, remove, unpin). */
  actions?: ReactNode;
}

export function FeedPlot({ spec, compact = false, onWindow, actions }: FeedPlotProps): ReactElement {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const windowSec = useRef<number>(spec.windowSec);
  const latest = useRef<number | null>(null);
  const [paused, setPaused] = useState(false);
  // Bumped when a uPlot instance is ready, so the first draw does not wait for new points.
  const [ready, setReady] = useState(0);
  const [chartError, setChartError] = useState<string | null>(null);
  const [summary, setSummary] = useState<{ points: number; last: Array<number | null> }>({ points: 0, last: [] });
  const error = usePlotsStore((state) => state.feedErrors[feedKey(spec.address, spec.feed)]);
  const fieldsKey = spec.fields.map((f) => `${f.block}.${f.field}`).join(',');
  const fields = useMemo(() => spec.fields, [fieldsKey]); // eslint-disable-line react-hooks/exhaustive-deps
  const height = compact ? 150 : 220;

  useEffect(() => acquireFeed(spec.address, spec.feed), [spec.address, spec.feed]);

  // The uPlot instance lives as long as the field set; new points only call setData on it.
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const opts: uPlot.Options = {
      width: Math.max(200, element.clientWidth),
      height,
      scales: {
        x: {
          time: true,
          // The window ends at the newest point (main's clock, not this machine's).
          range: (_u, min, max) => {
            const end = latest.current ?? max ?? Date.now() / 1000;
            return [Math.min(min ?? end, end - windowSec.current), end];
          },
        },
      },
      axes: [
        { stroke: '#8fa1b3', grid: { stroke: '#263341', width: 1 }, ticks: { stroke: '#263341' } },
        { stroke: '#8fa1b3', grid: { stroke: '#263341', width: 1 }, ticks: { stroke: '#263341' }, size: 64 },
      ],
      series: [{}, ...fields.map((field, index) => ({ label: fieldLabel(field, fields), stroke: COLORS[index % COLORS.length], width: 1.5, spanGaps: true, value: (_u: uPlot, v: number | null) => formatValue(v) }))],
      cursor: { drag: { x: false, y: false } },
      legend: { live: true },
    };
    let chart: uPlot | null = null;
    let resize: ResizeObserver | null = null;
    let cancelled = false;
    // Loaded on first use: its own chunk (from 'self'), and views that never plot never evaluate it.
    import('uplot')
      .then(({ default: UPlot }) => {
        if (cancelled) return;
        const created = new UPlot(opts, [[], ...fields.map(() => [])] as uPlot.AlignedData, element);
        chart = created;
        plot.current = created;
        resize = new ResizeObserver(() => created.setSize({ width: Math.max(200, element.clientWidth), height }));
        resize.observe(element);
        setReady((count) => count + 1);
      })
      .catch((error: unknown) => setChartError(`cannot draw the plot: ${error instanceof Error ? error.message : String(error)}`));
    return () => {
      cancelled = true;
      resize?.disconnect();
      chart?.destroy();
      plot.current = null;
    };
  }, [fields, height]);

  // Redraw on a timer when points arrived (or the window changed); paused plots keep their picture.
  useEffect(() => {
    windowSec.current = spec.windowSec;
    let drawn = -1;
    const draw = () => {
      const chart = plot.current;
      const version = usePlotsStore.getState().version;
      if (!chart || paused || version === drawn) return;
      drawn = version;
      const all = fields.map((field) => seriesPoints(spec.address, spec.feed, field));
      latest.current = Math.max(...all.map((s) => (s.t.length ? s.t[s.t.length - 1] : -Infinity)));
      if (!Number.isFinite(latest.current)) latest.current = null;
      const data: AlignedData = alignSeries(all, (latest.current ?? 0) - spec.windowSec);
      chart.setData(data as uPlot.AlignedData);
      setSummary({ points: data[0].length, last: data.slice(1).map((column) => lastNonNull(column as Array<number | null>)) });
    };
    draw();
    const timer = setInterval(draw, REDRAW_MS);
    return () => clearInterval(timer);
  }, [fields, spec.address, spec.feed, spec.windowSec, paused, ready]);

  return (
    <figure className={`feed-plot${compact ? ' feed-plot--compact' : ''}`} data-testid="feed-plot" data-plot-id={spec.id} data-points={summary.points} data-paused={paused}>
      <figcaption className="feed-plot-head">
        <span className="feed-plot-title">
          {spec.address} · {spec.feed}
        </span>
        <span className="feed-plot-count" data-testid="plot-points">
          {summary.points} points
        </span>
        <span className="feed-plot-latest" data-testid="plot-latest">
          {fields.map((field, index) => (
            <span key={`${field.block}.${field.field}`} className={`plot-color-${index % COLORS.length}`}>
              {fieldLabel(field, fields)} {formatValue(summary.last[index] ?? null)}
            </span>
          ))}
        </span>
        <span className="topbar-spacer" />
        {onWindow && (
          <select aria-label="Time window" data-testid="plot-window" value={spec.windowSec} onChange={(event) => onWindow(Number(event.target.value) as FeedWindowSec)}>
            {FEED_WINDOWS_SEC.map((sec) => (
              <option key={sec} value={sec}>
                {windowLabel(sec)}
              </option>
            ))}
          </select>
        )}
        <button type="button" className="btn" data-testid="plot-pause" aria-pressed={paused} onClick={() => setPaused(!paused)}>
          {paused ? 'Resume' : 'Pause'}
        </button>
        {actions}
      </figcaption>
      {(error ?? chartError) && (
        <p className="error" role="alert">
          {error ?? chartError}
        </p>
      )}
      <div ref={host} className="feed-plot-canvas" />
    </figure>
  );
}

function lastNonNull(column: Array<number | null>): number | null {
  for (let i = column.length - 1; i >= 0; i--) if (column[i] !== null) return column[i];
  return null;
}
