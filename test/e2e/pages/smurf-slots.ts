import type { Locator, Page } from 'playwright-core';
import { LockWidget } from './lock-widget.js';

/** Page object for the Smurf view: slot cards, selection and the fan-out command (test ids from the UI contract). */
export class SmurfSlotsPage {
  constructor(readonly page: Page) {}

  get cards(): Locator {
    return this.page.getByTestId('smurf-slot');
  }
  get selectAllAlive(): Locator {
    return this.page.getByTestId('smurf-select-all-alive');
  }
  get clearSelection(): Locator {
    return this.page.getByTestId('smurf-clear-selection');
  }
  get op(): Locator {
    return this.page.getByTestId('fanout-op');
  }
  get run(): Locator {
    return this.page.getByTestId('fanout-run');
  }
  get abort(): Locator {
    return this.page.getByTestId('fanout-abort');
  }
  get confirm(): Locator {
    return this.page.getByTestId('fanout-confirm');
  }
  get result(): Locator {
    return this.page.getByTestId('fanout-result');
  }
  get lock(): LockWidget {
    return new LockWidget(this.page);
  }

  /** Switches to the Smurf view with its nav tab. */
  async open(): Promise<void> {
    await this.page.getByTestId('nav-smurf').click();
    await this.selectAllAlive.waitFor({ state: 'visible', timeout: 5_000 });
  }

  card(streamId: string): Locator {
    return this.page.locator(`[data-testid="smurf-slot"][data-stream-id="${streamId}"]`);
  }

  /** Stream ids of the alive cards, in display order. */
  async aliveIds(): Promise<string[]> {
    return this.page.locator('[data-testid="smurf-slot"][data-expired="false"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-stream-id') ?? ''));
  }

  /** Stream ids of the selected cards, in display order. */
  async selectedIds(): Promise<string[]> {
    return this.page.locator('[data-testid="smurf-slot"][data-selected="true"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-stream-id') ?? ''));
  }

  param(name: string): Locator {
    return this.page.getByTestId(`param-${name}`);
  }

  target(streamId: string): Locator {
    return this.page.locator(`[data-testid="fanout-target"][data-stream-id="${streamId}"]`);
  }

  /** A target's status line ('' while not rendered). */
  async targetStatus(streamId: string): Promise<string> {
    const status = this.target(streamId).getByTestId('fanout-target-status');
    if ((await status.count()) === 0) return '';
    return ((await status.textContent()) ?? '').trim();
  }

  /** Status lines of every shown target, by stream id. */
  async targetStatuses(): Promise<Record<string, string>> {
    return this.page.getByTestId('fanout-target').evaluateAll((els) =>
      Object.fromEntries(els.map((el) => [el.getAttribute('data-stream-id') ?? '', el.querySelector('[data-testid="fanout-target-status"]')?.textContent?.trim() ?? ''])),
    );
  }

  async resultText(): Promise<string> {
    if ((await this.result.count()) === 0) return '';
    return ((await this.result.textContent()) ?? '').trim();
  }

  /** Unlocks operate (fan-outs, scripts) in the top bar's lock widget, if not already. */
  async unlock(): Promise<void> {
    await this.lock.atLeast('operate');
  }
}
