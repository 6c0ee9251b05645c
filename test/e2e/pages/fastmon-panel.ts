import type { Locator, Page } from 'playwright-core';

/** Per-run counts as the panel shows them. */
export interface PanelRunCounts {
  run: number;
  stfsSeen: number;
  stfsSampled: number;
  tfFiles: number;
  tfCount: number;
}

/** Page object for the live fastmon panel. */
export class FastmonPanelPage {
  constructor(readonly page: Page) {}

  get runRows(): Locator {
    return this.page.getByTestId('fastmon-run-row');
  }
  get tfRows(): Locator {
    return this.page.getByTestId('fastmon-tf-row');
  }
  get feedCount(): Locator {
    return this.page.getByTestId('fastmon-feed-count');
  }
  get detail(): Locator {
    return this.page.getByTestId('fastmon-detail');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('nav-fastmon').click();
    await this.page.getByTestId('fastmon-feed-count').waitFor({ state: 'visible', timeout: 5_000 });
  }

  /** The counts of every run row, newest run first. */
  async runCounts(): Promise<PanelRunCounts[]> {
    return this.runRows.evaluateAll((rows) =>
      rows.map((row) => {
        const cell = (id: string) => Number(row.querySelector(`[data-testid="${id}"]`)?.textContent ?? NaN);
        return {
          run: Number(row.getAttribute('data-run')),
          stfsSeen: cell('fastmon-run-stfs-seen'),
          stfsSampled: cell('fastmon-run-stfs-sampled'),
          tfFiles: cell('fastmon-run-tf-files'),
          tfCount: cell('fastmon-run-tf-count'),
        };
      }),
    );
  }

  /** Clicks a run's row (the feed then shows only its TFs). */
  async pickRun(run: number): Promise<void> {
    await this.page.locator(`[data-testid="fastmon-run-row"][data-run="${run}"]`).click();
  }

  detailField(field: 'tf' | 'stf' | 'stf-size' | 'run' | 'execution' | 'stf-tf-count'): Locator {
    return this.page.getByTestId(`fastmon-detail-${field}`);
  }
}
