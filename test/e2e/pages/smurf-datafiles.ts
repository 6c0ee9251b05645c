import type { Locator, Page } from 'playwright-core';

/** Page object for the Data files view. */
export class SmurfDataFilesPage {
  constructor(readonly page: Page) {}

  get rows(): Locator {
    return this.page.getByTestId('datafile-row');
  }
  get slotFilter(): Locator {
    return this.page.getByTestId('datafile-filter-slot');
  }
  get actionFilter(): Locator {
    return this.page.getByTestId('datafile-filter-action');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('nav-datafiles').click();
    await this.slotFilter.waitFor({ state: 'visible', timeout: 5_000 });
  }

  /** `[pubId, action]` of every shown row. */
  async rowKeys(): Promise<Array<[string, string]>> {
    return this.rows.evaluateAll((els) => els.map((el) => [el.getAttribute('data-pub-id') ?? '', el.getAttribute('data-action') ?? ''] as [string, string]));
  }
}
