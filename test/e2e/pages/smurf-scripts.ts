import type { Locator, Page } from 'playwright-core';

/** Page object for the Scripts view: script list, args, log mode, run/abort, live output and history. */
export class SmurfScriptsPage {
  constructor(readonly page: Page) {}

  get entries(): Locator {
    return this.page.getByTestId('script-entry');
  }
  get args(): Locator {
    return this.page.getByTestId('script-arg');
  }
  get addArg(): Locator {
    return this.page.getByTestId('script-add-arg');
  }
  get logMode(): Locator {
    return this.page.getByTestId('script-log-mode');
  }
  get run(): Locator {
    return this.page.getByTestId('script-run');
  }
  get abort(): Locator {
    return this.page.getByTestId('script-abort');
  }
  get error(): Locator {
    return this.page.getByTestId('script-error');
  }
  get historyRows(): Locator {
    return this.page.getByTestId('script-history-row');
  }
  get historyOutput(): Locator {
    return this.page.getByTestId('script-history-output');
  }

  /** Switches to the Scripts view with its nav tab. */
  async open(): Promise<void> {
    await this.page.getByTestId('nav-scripts').click();
    await this.run.waitFor({ state: 'visible', timeout: 5_000 });
  }

  entry(name: string): Locator {
    return this.page.locator(`[data-testid="script-entry"][data-name="${name}"]`);
  }

  /** Adds one argument field per value and fills them. */
  async setArgs(values: string[]): Promise<void> {
    for (const [index, value] of values.entries()) {
      if ((await this.args.count()) <= index) await this.addArg.click();
      await this.args.nth(index).fill(value);
    }
  }

  output(streamId: string): Locator {
    return this.page.locator(`[data-testid="script-output"][data-stream-id="${streamId}"]`);
  }

  /** The visible output lines of a slot's live panel. */
  async outputLines(streamId: string): Promise<string[]> {
    return this.output(streamId).locator('.output-text').allTextContents();
  }

  async outputStatus(streamId: string): Promise<string> {
    const status = this.output(streamId).getByTestId('script-output-status');
    return (await status.count()) === 0 ? '' : ((await status.textContent()) ?? '').trim();
  }

  async outputExit(streamId: string): Promise<string> {
    const exit = this.output(streamId).getByTestId('script-output-exit');
    return (await exit.count()) === 0 ? '' : ((await exit.textContent()) ?? '').trim();
  }

  /** Cells of one history row. */
  async historyCells(runId: string): Promise<string[]> {
    return this.page.locator(`[data-testid="script-history-row"][data-run-id="${runId}"] td`).allTextContents();
  }
}
