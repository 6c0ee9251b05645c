/** A banner across the top whenever the link to the station is down (headless bridge dropped or not yet up). */
import type { ReactElement } from 'react';
import { useLinkStore } from '../../stores/link-store.js';

export function BridgeBanner(): ReactElement | null {
  const state = useLinkStore((store) => store.state);
  if (state.status === 'connected') return null;
  const text =
    state.status === 'connecting'
      ? 'Connecting to the station…'
      : `Connection to the station lost (${state.reason}) — reconnecting, attempt ${state.attempt}…`;
  return (
    <div className="bridge-banner" role="alert" data-testid="bridge-banner">
      {text}
    </div>
  );
}
