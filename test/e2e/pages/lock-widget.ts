import type { Locator, Page } from 'playwright-core';
import type { AccessLevel } from '../../../shared/access.js';
import { ACCESS_LEVELS } from '../../../shared/access.js';

/** Page object for the lock level widget in the top bar (Locked / Operate / Expert and the relock countdown). */
export class LockWidget {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.getByTestId('access-lock');
  }

  get relock(): Locator {
    return this.page.getByTestId('access-relock');
  }

  button(level: AccessLevel): Locator {
    return this.page.getByTestId(`access-level-${level}`);
  }

  /** The level the station reports for this page's connection. */
  async level(): Promise<AccessLevel> {
    await this.root.waitFor({ state: 'visible', timeout: 15_000 });
    return (await this.root.getAttribute('data-level')) as AccessLevel;
  }

  /** Sets the level and waits until the station's answer shows it. */
  async set(level: AccessLevel): Promise<void> {
    await this.button(level).click({ timeout: 15_000 });
    await this.page.locator(`[data-testid="access-lock"][data-level="${level}"]`).waitFor({ timeout: 10_000 });
  }

  /**
   * Raises the level to at least `level` (leaves a higher one). Call it right before the action: the station
   * relocks after relock_seconds (30 by default) without an action above the start level.
   */
  async atLeast(level: AccessLevel): Promise<void> {
    if (ACCESS_LEVELS.indexOf(await this.level()) < ACCESS_LEVELS.indexOf(level)) await this.set(level);
  }
}
