import type { Locator, Page } from 'playwright-core';

/** Page object for the Connections view (test ids from the UI contract). */
export class ConnectionsPage {
  constructor(readonly page: Page) {}

  get status(): Locator {
    return this.page.getByTestId('connection-status');
  }
  get url(): Locator {
    return this.page.getByTestId('connection-url');
  }
  get realm(): Locator {
    return this.page.getByTestId('connection-realm');
  }

  /** Switches to the Connections view with its nav tab. */
  async open(): Promise<void> {
    await this.page.getByTestId('nav-connections').click();
    await this.status.waitFor({ state: 'visible', timeout: 5_000 });
  }

  /** Text of one field, trimmed ('' while it is not rendered). */
  async text(field: Locator): Promise<string> {
    return ((await field.textContent({ timeout: 2_000 }).catch(() => '')) ?? '').trim();
  }
}
