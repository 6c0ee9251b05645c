import type { Locator, Page } from 'playwright-core';
import { LockWidget } from './lock-widget.js';

/** One operation's panel in the agent browser. */
export class OpPanel {
  constructor(readonly root: Locator) {}

  get start(): Locator {
    return this.root.getByTestId('op-start');
  }
  get abort(): Locator {
    return this.root.getByTestId('op-abort');
  }
  get stop(): Locator {
    return this.root.getByTestId('op-stop');
  }
  get wait(): Locator {
    return this.root.getByTestId('op-wait');
  }
  get status(): Locator {
    return this.root.getByTestId('op-status');
  }
  get error(): Locator {
    return this.root.getByTestId('op-error');
  }
  get messages(): Locator {
    return this.root.getByTestId('op-messages');
  }
  get data(): Locator {
    return this.root.getByTestId('op-data');
  }

  param(name: string): Locator {
    return this.root.getByTestId(`param-${name}`);
  }

  /** The status line's text, trimmed ('' while it is not rendered). */
  async statusText(): Promise<string> {
    return ((await this.status.textContent({ timeout: 2_000 }).catch(() => '')) ?? '').trim();
  }

  /** The op-error text, trimmed ('' while there is none). */
  async errorText(): Promise<string> {
    if ((await this.error.count()) === 0) return '';
    return ((await this.error.first().textContent()) ?? '').trim();
  }
}

/** Page object for the agent browser (test ids from the UI contract). */
export class AgentBrowserPage {
  constructor(readonly page: Page) {}

  get select(): Locator {
    return this.page.getByTestId('agent-select');
  }

  get lock(): LockWidget {
    return new LockWidget(this.page);
  }

  /** Switches to the agent browser with its nav tab. */
  async open(): Promise<void> {
    await this.page.getByTestId('nav-agent').click();
    await this.select.waitFor({ state: 'visible', timeout: 5_000 });
  }

  /** Picks an agent in the agent picker. */
  async pick(address: string): Promise<void> {
    await this.select.selectOption(address, { timeout: 10_000 });
  }

  /** The panel of one operation. */
  op(name: string): OpPanel {
    return new OpPanel(this.page.locator(`[data-testid="op-panel"][data-op="${name}"]`));
  }

  /** Whether this connection may operate (its lock level is operate or expert). */
  async unlocked(): Promise<boolean> {
    return (await this.lock.level()) !== 'locked';
  }

  /** Unlocks operate (agent operations) in the top bar's lock widget, if not already. */
  async unlock(): Promise<void> {
    await this.lock.atLeast('operate');
  }
}
