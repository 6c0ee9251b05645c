import type { Locator, Page } from 'playwright-core';
import { LockWidget } from './lock-widget.js';

/** Page object for the Logs view (source picker, tabs, toolbar, search, the virtualized line list). */
export class LogsViewPage {
  constructor(readonly page: Page) {}

  get list(): Locator {
    return this.page.getByTestId('log-list');
  }
  get rows(): Locator {
    return this.page.getByTestId('log-row');
  }
  get tabs(): Locator {
    return this.page.getByTestId('logs-tab');
  }
  get searchBox(): Locator {
    return this.page.getByTestId('logs-search');
  }
  get searchCount(): Locator {
    return this.page.getByTestId('logs-search-count');
  }
  get followState(): Locator {
    return this.page.getByTestId('logs-follow-state');
  }
  get facts(): Locator {
    return this.page.getByTestId('logs-facts');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('nav-logs').click();
    await this.page.getByTestId('logs-open-path').waitFor({ state: 'visible', timeout: 5_000 });
  }

  /** Opens a file by path through "Open file…". */
  async openFile(path: string): Promise<void> {
    // Opening any file of the host needs expert.
    await new LockWidget(this.page).atLeast('expert');
    await this.page.getByTestId('logs-open-path').fill(path);
    await this.page.getByTestId('logs-open-submit').click();
  }

  /** The row showing 1-based line `n` (only rendered while in view). */
  row(n: number): Locator {
    return this.page.locator(`[data-testid="log-row"][data-line="${n}"]`);
  }

  /** Line numbers of the rows rendered now, in order. */
  async renderedLines(): Promise<number[]> {
    const lines = await this.rows.evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-line'))));
    return lines.sort((a, b) => a - b);
  }

  /** Scrolls the list to its top, as a user dragging the scrollbar would (fires a scroll event). */
  async scrollToTop(): Promise<void> {
    await this.list.evaluate((element) => {
      element.scrollTop = 0;
    });
  }

  /** Ticks a source in the picker for the merged view. */
  async tick(sourceTitle: string): Promise<void> {
    await this.page.locator('[data-testid="logs-source-tick"]').and(this.page.getByLabel(`merge ${sourceTitle}`)).check();
  }
}
