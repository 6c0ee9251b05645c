/** The Plots view: pick an agent, one of its feeds and numeric fields, and watch them live; pin a plot to its agent's page. */
import { useEffect, useMemo, useState, type ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { FEED_WINDOWS_SEC, type FeedFieldRef, type FeedWindowSec } from '../../../../shared/feeds.js';
import { usePlotsStore } from '../../stores/plots-store.js';
import { usePrefsStore } from '../../stores/prefs-store.js';
import { useRegistryStore } from '../../stores/registry-store.js';
import { AgentSelect } from '../common/agent-select.js';
import { FeedPlot } from './feed-plot.js';
import { fieldLabel, windowLabel } from './plot-format.js';

const refKey = (field: FeedFieldRef) => `${field.block}\u0000${field.field}`;

export function PlotsView(): ReactElement {
  const rows = useRegistryStore((state) => state.rows);
  const { lists, plots, loadFeeds, addPlot, updatePlot, removePlot } = usePlotsStore(
    useShallow((state) => ({ lists: state.lists, plots: state.plots, loadFeeds: state.loadFeeds, addPlot: state.addPlot, updatePlot: state.updatePlot, removePlot: state.removePlot })),
  );
  const { pins, pinPlot } = usePrefsStore(useShallow((state) => ({ pins: state.pins, pinPlot: state.pinPlot })));
  const [address, setAddress] = useState('');
  const [feed, setFeed] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [windowSec, setWindowSec] = useState<FeedWindowSec>(300);

  const addresses = useMemo(() => [...rows.keys()].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })), [rows]);
  const list = address ? lists[address] : undefined;
  const feedView = list?.feeds.find((item) => item.name === feed);

  useEffect(() => {
    if (address) void loadFeeds(address);
  }, [address, loadFeeds]);
  // The first feed with fields is the likely one; every field of it starts ticked.
  useEffect(() => {
    if (!list || list.feeds.some((item) => item.name === feed)) return;
    const first = list.feeds.find((item) => item.fields.length > 0) ?? list.feeds[0];
    setFeed(first?.name ?? '');
  }, [list, feed]);
  useEffect(() => setChosen(feedView ? feedView.fields.map(refKey) : []), [feedView]);

  const add = () => {
    if (!feedView) return;
    const fields = feedView.fields.filter((field) => chosen.includes(refKey(field)));
    if (fields.length > 0) addPlot({ address, feed, fields, windowSec });
  };

  return (
    <section className="view view--plots" aria-label="Feed plots">
      <div className="toolbar plots-picker">
        <AgentSelect addresses={addresses} value={address} testId="plots-agent" onChange={(next) => (setAddress(next), setFeed(''))} />
        <label>
          <span>Feed</span>
          <select data-testid="plots-feed" value={feed} onChange={(event) => setFeed(event.target.value)} disabled={!list || list.feeds.length === 0}>
            {list?.feeds.map((item) => (
              <option key={item.name} value={item.name}>
                {item.name}
                {item.fields.length === 0 ? ' (no numeric fields seen)' : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Window</span>
          <select data-testid="plots-window" value={windowSec} onChange={(event) => setWindowSec(Number(event.target.value) as FeedWindowSec)}>
            {FEED_WINDOWS_SEC.map((sec) => (
              <option key={sec} value={sec}>
                {windowLabel(sec)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn" onClick={() => address && void loadFeeds(address)} disabled={!address || list?.loading}>
          {list?.loading ? 'Listening…' : 'Reload feeds'}
        </button>
        <button type="button" className="btn btn--start" data-testid="plots-add" onClick={add} disabled={!feedView || chosen.length === 0}>
          Add plot
        </button>
      </div>
      {list?.error && (
        <p className="error" role="alert">
          {address}: {list.error}
        </p>
      )}
      {address && list && !list.loading && !list.error && list.feeds.length === 0 && <p className="hint">{address} publishes no data feeds.</p>}
      {feedView && (
        <fieldset className="plots-fields" data-testid="plots-fields">
          <legend>Fields of {feedView.name}</legend>
          {feedView.fields.length === 0 && <p className="hint">No numeric field seen yet on this feed; Reload feeds listens for its next message.</p>}
          {feedView.fields.map((field) => (
            <label key={refKey(field)} className="plots-field">
              <input
                type="checkbox"
                data-testid={`plots-field-${field.field}`}
                checked={chosen.includes(refKey(field))}
                onChange={(event) => setChosen(event.target.checked ? [...chosen, refKey(field)] : chosen.filter((key) => key !== refKey(field)))}
              />
              {fieldLabel(field, feedView.fields)}
            </label>
          ))}
          {(feedView.stats.skipped > 0 || feedView.stats.malformed > 0) && (
            <span className="hint">
              skipped {feedView.stats.skipped} non-numeric values, {feedView.stats.malformed} malformed messages
            </span>
          )}
        </fieldset>
      )}
      {plots.length === 0 && <p className="hint">Pick an agent, a feed and fields, then Add plot. Hover a plot for its values; pin it to show it on the agent&apos;s page.</p>}
      <div className="plots-list">
        {plots.map((plot) => {
          const pinned = pins.some((pin) => pin.id === plot.id);
          return (
            <FeedPlot
              key={plot.id}
              spec={plot}
              onWindow={(sec) => updatePlot(plot.id, { windowSec: sec })}
              actions={
                <>
                  <button type="button" className="btn" data-testid="plot-pin" disabled={pinned} onClick={() => pinPlot(plot)}>
                    {pinned ? 'Pinned' : 'Pin to agent'}
                  </button>
                  <button type="button" className="btn" data-testid="plot-remove" onClick={() => removePlot(plot.id)}>
                    Remove
                  </button>
                </>
              }
            />
          );
        })}
      </div>
    </section>
  );
}
