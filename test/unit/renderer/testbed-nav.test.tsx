// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/app.js';
import { getInitialPrefsState, usePrefsStore } from '../../../renderer/src/stores/prefs-store.js';
import { setStationApi } from '../../../renderer/src/stores/station.js';
import { FakeStation } from './fake-station.js';
import { status } from './testbed-fixtures.js';

describe('Testbed in the shell', () => {
  beforeEach(() => {
    setStationApi(
      new FakeStation()
        .handle('testbed:status', () => status())
        .handle('testbed:config:list', () => [])
        .handle('testbed:messages', () => []),
    );
    usePrefsStore.setState(getInitialPrefsState());
  });
  afterEach(cleanup);

  it('opens with Alt+7 and its tab, and the help line names it', async () => {
    render(<App />);
    fireEvent.keyDown(window, { key: '7', code: 'Digit7', altKey: true });
    expect(screen.getByTestId('nav-testbed').getAttribute('aria-selected')).toBe('true');
    expect(await screen.findByTestId('testbed-timeline')).toBeTruthy();
    fireEvent.click(screen.getByTestId('nav-registry'));
    expect(screen.queryByTestId('testbed-timeline')).toBeNull();
    fireEvent.click(screen.getByTestId('nav-testbed'));
    expect(screen.getByTestId('testbed-timeline')).toBeTruthy();
    expect(screen.getByRole('contentinfo').textContent).toContain('Alt+7 Testbed');
  });
});
