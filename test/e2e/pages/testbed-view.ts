import type { Locator, Page } from 'playwright-core';
import { LockWidget } from './lock-widget.js';

/** Page object for the Testbed view. */
export class TestbedViewPage {
  constructor(readonly page: Page) {}

  get configSelect(): Locator {
    return this.page.getByTestId('testbed-config-select');
  }
  get editor(): Locator {
    return this.page.getByTestId('testbed-config-editor');
  }
  get configErrors(): Locator {
    return this.page.getByTestId('testbed-config-error');
  }
  get timeline(): Locator {
    return this.page.getByTestId('testbed-timeline');
  }
  get marks(): Locator {
    return this.page.getByTestId('testbed-timeline-mark');
  }
  get agentRows(): Locator {
    return this.page.getByTestId('testbed-agent-row');
  }
  get messageRows(): Locator {
    return this.page.getByTestId('testbed-message-row');
  }
  get notice(): Locator {
    return this.page.getByTestId('testbed-notice');
  }
  param(key: 'stf_count' | 'physics_period_count' | 'stf_interval' | 'realtime'): Locator {
    return this.page.getByTestId(`testbed-param-${key}`);
  }

  async open(): Promise<void> {
    await this.page.getByTestId('nav-testbed').click();
    await this.timeline.waitFor({ state: 'visible', timeout: 5_000 });
  }

  /** Replaces the editor's text (validation runs as if typed). */
  async setText(text: string): Promise<void> {
    await this.editor.fill(text);
  }

  /** Saves the editor's text as the user config `name` (unlocking expert first, which saving needs). */
  async saveAs(name: string): Promise<void> {
    await new LockWidget(this.page).atLeast('expert');
    await this.page.getByTestId('testbed-config-name').fill(name);
    await this.page.getByTestId('testbed-config-save').click();
  }

  /** Unlocks operate (run, stop workflow) in the top bar's lock widget, if not already. */
  async unlock(): Promise<void> {
    await new LockWidget(this.page).atLeast('operate');
  }

  async phase(): Promise<string | null> {
    return this.timeline.getAttribute('data-phase');
  }

  /** data-type of every timeline mark, in order. */
  async markTypes(): Promise<string[]> {
    return this.marks.evaluateAll((els) => els.map((el) => el.getAttribute('data-type') ?? ''));
  }

  /** `[name, state]` of every supervisord program row. */
  async agentStates(): Promise<Array<[string, string]>> {
    return this.agentRows.evaluateAll((els) => els.map((el) => [el.getAttribute('data-name') ?? '', el.getAttribute('data-state') ?? ''] as [string, string]));
  }
}
