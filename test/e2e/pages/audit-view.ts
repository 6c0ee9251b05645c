import type { Locator, Page } from 'playwright-core';

/** Page object for the Audit view. */
export class AuditViewPage {
  constructor(readonly page: Page) {}

  get rows(): Locator {
    return this.page.getByTestId('audit-row');
  }
  get search(): Locator {
    return this.page.getByTestId('audit-search');
  }
  get actionFilter(): Locator {
    return this.page.getByTestId('audit-filter-action');
  }
  get resultFilter(): Locator {
    return this.page.getByTestId('audit-filter-result');
  }
  get detail(): Locator {
    return this.page.getByTestId('audit-detail');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('nav-audit').click();
    await this.search.waitFor({ state: 'visible', timeout: 5_000 });
  }

  /** Every shown row's cells as text (time, user, action, target, params, result, duration). */
  async table(): Promise<string[][]> {
    return this.rows.evaluateAll((els) => els.map((el) => [...el.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
  }
}
