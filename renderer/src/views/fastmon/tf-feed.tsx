/** The live TF feed: newest last, virtualized, pausable ("N new" while paused), filtered by file name and run. */
import { memo, useCallback, useMemo, type ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { FastmonTfView } from '../../../../shared/fastmon.js';
import { useFollowingList } from '../../hooks/use-following-list.js';
import { filterTfs, formatBytes } from '../../logic/fastmon-feed.js';
import { formatClock } from '../../logic/time-format.js';
import { useFastmonStore } from '../../stores/fastmon-store.js';

const ROW_HEIGHT = 28;
const LIST_OPTIONS = { rowHeight: ROW_HEIGHT, fallbackRect: { width: 900, height: 360 }, overscan: 8, key: (tf: FastmonTfView) => tf.tfFilename };

/** `14:02:11.512` */
function timeText(ms: number): string {
  return `${formatClock(ms / 1000)}.${String(Math.floor(ms % 1000)).padStart(3, '0')}`;
}

/** One row; memoized so a new batch renders only rows that are new on screen. */
const TfRow = memo(function TfRow(props: { tf: FastmonTfView; start: number; selected: boolean; onPick(tf: FastmonTfView): void }): ReactElement {
  const { tf } = props;
  return (
    <div
      role="row"
      className={props.selected ? 'msg-row tf-row tf-row--picked' : 'msg-row tf-row'}
      data-testid="fastmon-tf-row"
      data-tf={tf.tfFilename}
      aria-selected={props.selected}
      style={{ transform: `translateY(${props.start}px)`, height: ROW_HEIGHT }}
      onClick={() => props.onPick(tf)}
    >
      <span role="cell">{timeText(tf.at)}</span>
      <span role="cell">{tf.tfFilename}</span>
      <span role="cell">{tf.stfFilename}</span>
      <span role="cell">{tf.runNumber}</span>
      <span role="cell" className="num">
        {tf.tfFirst}–{tf.tfLast}
      </span>
      <span role="cell" className="num">{tf.tfCount}</span>
      <span role="cell" className="num">{formatBytes(tf.sizeBytes)}</span>
    </div>
  );
});

export function TfFeed(): ReactElement {
  const { tfs, filter, paused, pending, dropped, selected } = useFastmonStore(
    useShallow((state) => ({ tfs: state.tfs, filter: state.filter, paused: state.paused, pending: state.pending.length, dropped: state.pendingDropped, selected: state.selectedTf?.tfFilename ?? null })),
  );
  const { setFilter, setPaused, selectTf } = useFastmonStore(useShallow((state) => ({ setFilter: state.setFilter, setPaused: state.setPaused, selectTf: state.selectTf })));
  const rows = useMemo(() => filterTfs(tfs, filter), [tfs, filter]);
  const pick = useCallback((tf: FastmonTfView) => void selectTf(tf), [selectTf]);
  const { scrollRef, virtualizer, onScroll } = useFollowingList(rows, LIST_OPTIONS);

  return (
    <div className="card fastmon-feed">
      <div className="toolbar">
        <h2>TF feed</h2>
        <input
          className="filter-input fastmon-filter"
          data-testid="fastmon-filter-text"
          type="search"
          placeholder="filter by TF or STF file name"
          aria-label="Filter TFs by file name"
          value={filter.text}
          onChange={(event) => setFilter({ text: event.target.value })}
        />
        {filter.run !== null && (
          <button type="button" className="btn fastmon-run-chip" data-testid="fastmon-filter-run" title="show all runs" onClick={() => setFilter({ run: null })}>
            run {filter.run} ✕
          </button>
        )}
        <button type="button" className={paused ? 'btn btn--start' : 'btn'} data-testid="fastmon-pause" aria-pressed={paused} onClick={() => setPaused(!paused)}>
          {paused ? 'Resume' : 'Pause'}
        </button>
        {paused && (
          <span className="fastmon-new" data-testid="fastmon-new-count">
            {pending + dropped} new{dropped > 0 ? ` (${dropped} oldest not kept)` : ''}
          </span>
        )}
        <span className="counts" data-testid="fastmon-feed-count">
          {rows.length} of {tfs.length}
        </span>
      </div>
      <div className="msg-grid fastmon-grid" role="table" aria-label="TF feed" aria-rowcount={rows.length}>
        <div className="msg-row tf-row msg-header" role="row">
          <span role="columnheader">Time</span>
          <span role="columnheader">TF file</span>
          <span role="columnheader">STF file</span>
          <span role="columnheader">Run</span>
          <span role="columnheader">TF range</span>
          <span role="columnheader">TFs</span>
          <span role="columnheader">Size</span>
        </div>
        <div
          className="msg-body"
          ref={scrollRef}
          onScroll={onScroll}
        >
          {rows.length === 0 && <div className="grid-empty">No TFs{tfs.length > 0 ? ' for this filter' : ' yet'}.</div>}
          <div className="grid-canvas" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const tf = rows[item.index];
              return <TfRow key={item.key} tf={tf} start={item.start} selected={tf.tfFilename === selected} onPick={pick} />;
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
