import type { Locator, Page } from 'playwright-core';
import { LockWidget } from './lock-widget.js';

/** The alarm banner at the top and the Alarms view. */
export class AlarmsPage {
  constructor(readonly page: Page) {}

  get banner(): Locator {
    return this.page.getByTestId('alarm-banner');
  }
  get bannerAck(): Locator {
    return this.page.getByTestId('alarm-banner-ack');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('nav-alarms').click();
    await this.page.getByTestId('alarms-count').waitFor();
  }

  /** The active alarm of `rule` about `subject`. */
  activeRow(rule: string, subject: string): Locator {
    return this.page.locator(`[data-testid="alarms-active"] [data-testid="alarm-row"][data-rule="${rule}"][data-subject="${subject}"]`);
  }

  historyRow(rule: string, subject: string): Locator {
    return this.page.locator(`[data-testid="alarms-history"] [data-testid="alarm-history-row"][data-rule="${rule}"][data-subject="${subject}"]`);
  }

  rule(id: string): Locator {
    return this.page.locator(`[data-testid="alarm-rule"][data-rule="${id}"]`);
  }

  /** Saves a rule's edited settings (unlocking expert first, which rule changes need). */
  async saveRule(id: string): Promise<void> {
    await new LockWidget(this.page).atLeast('expert');
    await this.rule(id).getByTestId('rule-save').click();
  }
}
