import type { Locator, Page } from 'playwright-core';

/** Page object for the operation monitor (test ids from the Operations view). */
export class OperationsPage {
  constructor(readonly page: Page) {}

  get view(): Locator {
    return this.page.getByTestId('ops-view');
  }
  get detail(): Locator {
    return this.page.getByTestId('ops-detail');
  }

  /** Switches to the Operations view with its nav tab and waits for the grid. */
  async open(): Promise<void> {
    await this.page.getByTestId('nav-operations').click();
    await this.page.getByTestId('ops-grid').waitFor({ state: 'visible', timeout: 15_000 });
  }

  /** The grid cell of one agent's operation. */
  cell(agent: string, op: string): Locator {
    return this.page.locator(`[data-testid="ops-cell"][data-agent="${agent}"][data-op="${op}"]`);
  }

  /** The op code a cell shows (NaN while it is not there). */
  async cellCode(agent: string, op: string): Promise<number> {
    if ((await this.cell(agent, op).count()) === 0) return NaN;
    return Number(await this.cell(agent, op).getAttribute('data-op-code'));
  }

  /** The timeline strip of one agent's operation. */
  strip(agent: string, op: string): Locator {
    return this.page.locator(`[data-testid="ops-strip"][data-agent="${agent}"][data-op="${op}"]`);
  }

  /** The op codes of a strip's segments, oldest first. */
  async segmentCodes(agent: string, op: string): Promise<number[]> {
    return this.strip(agent, op)
      .getByTestId('ops-segment')
      .evaluateAll((segments) => segments.map((segment) => Number(segment.getAttribute('data-op-code'))));
  }

  /** A strip's segment with the given op code (the last if several). */
  segment(agent: string, op: string, code: number): Locator {
    return this.strip(agent, op).locator(`[data-testid="ops-segment"][data-op-code="${code}"]`).last();
  }

  /** Picks a preset window: 15m, 1h, 6h, 24h. */
  async window(id: '15m' | '1h' | '6h' | '24h'): Promise<void> {
    await this.page.getByTestId(`ops-window-${id}`).click();
  }

  /** Drags across the timeline from one fraction of its width to another (0…1): zooms into that span. */
  async dragZoom(fromFraction: number, toFraction: number): Promise<void> {
    const box = await this.page.locator('.ops-track').first().boundingBox();
    if (!box) throw new Error('no timeline track to drag on');
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + box.width * fromFraction, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + box.width * ((fromFraction + toFraction) / 2), y, { steps: 4 });
    await this.page.mouse.move(box.x + box.width * toFraction - 1, y, { steps: 4 });
    await this.page.mouse.up();
  }

  get range(): Locator {
    return this.page.getByTestId('ops-range');
  }

  detailField(field: 'status' | 'session' | 'started' | 'ended' | 'at' | 'from' | 'duration' | 'class' | 'code'): Locator {
    return this.page.getByTestId(`ops-detail-${field}`);
  }
}
