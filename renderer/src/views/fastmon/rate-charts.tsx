/** TF rate (TF files/s) and data volume (bytes/s and cumulative) of the selected run, else of all runs; redrawn at most 4×/s. */
import { useCallback, type ReactElement } from 'react';
import { chartPoints, EMPTY_SERIES, formatBytes, type Series } from '../../logic/fastmon-feed.js';
import { useSampled } from '../../hooks/use-sampled.js';
import { useFastmonStore } from '../../stores/fastmon-store.js';
import { LineChart } from './line-chart.js';

/** Chart refresh period: pushes come every ~50 ms, eyes need far fewer frames. */
export const CHART_REFRESH_MS = 250;

export function RateCharts(): ReactElement {
  const run = useFastmonStore((state) => state.filter.run);
  const key = run === null ? 'all' : String(run);
  const select = useCallback((state: { series: Record<string, Series> }) => state.series[key] ?? EMPTY_SERIES, [key]);
  const series = useSampled(useFastmonStore, select, CHART_REFRESH_MS);
  const points = chartPoints(series);
  const scope = run === null ? 'all runs' : `run ${run}`;
  return (
    <div className="fastmon-charts">
      <LineChart
        title={`TF rate · ${scope}`}
        testId="fastmon-chart-rate"
        t={points.t}
        lines={[{ label: 'TF files/s', values: points.tfRate, className: 'chart-line--rate', format: (value) => String(value) }]}
      />
      <LineChart
        title={`Data volume · ${scope} · ${formatBytes(series.totalBytes)} in ${series.totalTfs} TFs${series.unsized > 0 ? ` (${series.unsized} of unknown size)` : ''}`}
        testId="fastmon-chart-volume"
        t={points.t}
        lines={[
          { label: 'bytes/s', values: points.byteRate, className: 'chart-line--bytes', format: formatBytes },
          { label: 'cumulative', values: points.cumulative, className: 'chart-line--cumulative', format: formatBytes },
        ]}
      />
    </div>
  );
}
