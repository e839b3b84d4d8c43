import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { until } from './processes.js';

/** Screenshots land here (gitignored), for people to look at after a run. */
export const SCREENSHOTS = fileURLToPath(new URL('../../test-results/', import.meta.url));

/** What a person does in the playground, as steps a test can take. */
export class PlaygroundPage {
  constructor(readonly page: Page) {}

  turns() {
    return this.page.locator('[data-testid=turn]');
  }

  /** Types the prompt, presses Enter, and waits until the agent has answered (or failed). */
  async send(prompt: string): Promise<{ status: string; answer: string }> {
    const before = await this.turns().count();
    await this.page.getByLabel('Message', { exact: true }).fill(prompt);
    await this.page.getByLabel('Message', { exact: true }).press('Enter');
    const last = this.turns().nth(before);
    const status = await until(async () => {
      const value = await last.getAttribute('data-status', { timeout: 1000 });
      return value && value !== 'streaming' ? value : undefined;
    }, `an answer to “${prompt}”`);
    return { status, answer: ((await last.locator('[data-testid=answer]').textContent()) ?? '').trim() };
  }

  async currentSession(): Promise<string> {
    return ((await this.page.getByTestId('current-session').textContent()) ?? '').trim();
  }

  async newSession(): Promise<string> {
    const before = await this.currentSession();
    await this.page.getByRole('button', { name: 'New session' }).click();
    return until(async () => {
      const after = await this.currentSession();
      return after !== before ? after : undefined;
    }, 'a new session id');
  }

  async switchActor(actorId: string): Promise<void> {
    await this.page.getByLabel('Actor', { exact: true }).fill(actorId);
    await this.page.getByLabel('Actor', { exact: true }).press('Enter');
    await until(
      async () =>
        (await this.page.getByText('No messages in this session yet').count()) > 0 ? true : undefined,
      `the empty chat of ${actorId}`,
    );
  }

  async openTab(name: 'Memory' | 'Traces'): Promise<void> {
    await this.page.getByRole('tab', { name }).click();
  }

  /** Waits until the memory panel shows the extraction state (polled by the page). */
  async waitForExtraction(state: string, timeoutMs = 20_000): Promise<void> {
    await until(
      async () =>
        (await this.page.getByTestId('extraction-state').textContent()) === state ? true : undefined,
      `extraction state ${state}`,
      timeoutMs,
    );
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await this.page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
  }
}
