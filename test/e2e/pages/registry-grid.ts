import type { Locator, Page } from 'playwright-core';

/** Counts as the grid's header states them (`3 alive · 1 expired · 4 total`). */
export interface GridCounts {
  alive: number;
  expired: number;
  total: number;
}

/** One rendered grid row: its agent address and expired flag (data attributes of the contract). */
export interface GridRow {
  address: string;
  expired: boolean;
}

const COUNTS = /(\d+)\s*alive\D+(\d+)\s*expired\D+(\d+)\s*total/;

/** Page object for the Registry grid (test ids from the UI contract). */
export class RegistryGridPage {
  constructor(readonly page: Page) {}

  get grid(): Locator {
    return this.page.getByTestId('registry-grid');
  }

  get rows(): Locator {
    return this.page.getByTestId('registry-row');
  }

  get filterBox(): Locator {
    return this.page.getByTestId('registry-filter');
  }

  /** Switches to the grid view with its nav tab. */
  async open(): Promise<void> {
    await this.page.getByTestId('nav-registry').click();
    await this.grid.waitFor({ state: 'visible', timeout: 5_000 });
  }

  /** The row of one agent. */
  row(address: string): Locator {
    return this.page.locator(`[data-testid="registry-row"][data-address="${address}"]`);
  }

  /** Every rendered row, in display order. */
  async readRows(): Promise<GridRow[]> {
    return this.rows.evaluateAll((elements) =>
      elements.map((element) => ({ address: element.getAttribute('data-address') ?? '', expired: element.getAttribute('data-expired') === 'true' })),
    );
  }

  /** Addresses of the rendered rows, in display order. */
  async addresses(): Promise<string[]> {
    return (await this.readRows()).map((row) => row.address);
  }

  /** The header counts, or null while the header is missing or does not read as counts. */
  async counts(): Promise<GridCounts | null> {
    const text = await this.page.getByTestId('registry-counts').textContent({ timeout: 2_000 }).catch(() => null);
    const match = text?.match(COUNTS);
    return match ? { alive: Number(match[1]), expired: Number(match[2]), total: Number(match[3]) } : null;
  }

  /** Counts computed from the rendered rows (all rows are rendered while the list fits the viewport). */
  async countsFromRows(): Promise<GridCounts> {
    const rows = await this.readRows();
    const expired = rows.filter((row) => row.expired).length;
    return { alive: rows.length - expired, expired, total: rows.length };
  }

  /** Types into the filter box (replacing what was there). */
  async filter(text: string): Promise<void> {
    await this.filterBox.fill(text);
  }

  /** The row holding keyboard focus (roving tabindex) or named by the focused grid's aria-activedescendant. */
  async currentAddress(): Promise<string | null> {
    return this.page.evaluate(() => {
      const rowOf = (element: Element | null) => element?.closest('[data-testid="registry-row"]')?.getAttribute('data-address') ?? null;
      const active = document.activeElement;
      const descendant = active?.getAttribute('aria-activedescendant');
      return rowOf(active) ?? (descendant ? rowOf(document.getElementById(descendant)) : null);
    });
  }

  /** Like a keyboard user: from the filter box, Tab until focus lands in the grid's rows (at most `maxTabs` presses). */
  async tabIntoRows(maxTabs = 20): Promise<void> {
    await this.filterBox.focus();
    for (let i = 0; i < maxTabs; i++) {
      await this.page.keyboard.press('Tab');
      if (await this.currentAddress()) return;
    }
    throw new Error(`no grid row took focus after ${maxTabs} Tab presses from the filter box`);
  }
}
