import { describe, expect, it } from 'vitest';
import { ConnectionsPage } from './pages/connections.js';
import { useStation } from './station-fixture.js';

const station = useStation();

describe('connections view (station serve in Chromium)', () => {
  it('shows the embedded router connected, with its URL and realm', async () => {
    const view = new ConnectionsPage(station.page);
    await view.open();
    // \b keeps "disconnected" from passing for "connected".
    await expect.poll(() => view.text(view.status), { timeout: 10_000 }).toMatch(/(^|[^a-z])connected\b/i);
    expect(await view.text(view.status)).not.toMatch(/disconnected|connecting/i);
    expect(await view.text(view.url)).toContain(station.serve.wampUrl);
    expect(await view.text(view.realm)).toContain('test_realm');
    expect(station.serve.realm).toBe('test_realm');
  });
});
