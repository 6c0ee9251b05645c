import type { Locator, Page } from 'playwright-core';

/** One live feed plot (Plots view or an agent's pinned plots). */
export class FeedPlotPart {
  constructor(readonly root: Locator) {}

  /** Points drawn in the plot's window now (the figure's data-points attribute). */
  async points(): Promise<number> {
    return Number((await this.root.getAttribute('data-points')) ?? '0');
  }
  /** The latest value line ("ch1 4.01 ch2 …"). */
  async latest(): Promise<string> {
    return ((await this.root.getByTestId('plot-latest').textContent()) ?? '').trim();
  }
  /** The uPlot canvas inside the plot. */
  get canvas(): Locator {
    return this.root.locator('canvas');
  }
  /** uPlot's legend (hover values). */
  get legend(): Locator {
    return this.root.locator('.u-legend');
  }
  get pause(): Locator {
    return this.root.getByTestId('plot-pause');
  }
  get pin(): Locator {
    return this.root.getByTestId('plot-pin');
  }
  get unpin(): Locator {
    return this.root.getByTestId('plot-unpin');
  }
}

/** Page object for the Plots view (test ids from the UI). */
export class PlotsViewPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByTestId('nav-plots').click();
    await this.page.getByTestId('plots-agent').waitFor({ state: 'visible', timeout: 5_000 });
  }

  /** Picks agent and feed; the feed's fields are all ticked by default. */
  async pick(address: string, feed: string): Promise<void> {
    await this.page.getByTestId('plots-agent').selectOption(address, { timeout: 15_000 });
    await this.page.locator(`[data-testid="plots-feed"] option[value="${feed}"]`).waitFor({ state: 'attached', timeout: 10_000 });
    await this.page.getByTestId('plots-feed').selectOption(feed);
  }

  field(name: string): Locator {
    return this.page.getByTestId(`plots-field-${name}`);
  }

  async add(): Promise<void> {
    await this.page.getByTestId('plots-add').click();
  }

  plot(index = 0): FeedPlotPart {
    return new FeedPlotPart(this.page.locator('.plots-list [data-testid="feed-plot"]').nth(index));
  }

  /** A plot pinned on the agent page. */
  pinned(index = 0): FeedPlotPart {
    return new FeedPlotPart(this.page.locator('[data-testid="pinned-plots"] [data-testid="feed-plot"]').nth(index));
  }
}
