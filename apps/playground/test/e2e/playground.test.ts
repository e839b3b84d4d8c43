import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium } from './browser.js';
import { PlaygroundPage } from './playground-page.js';
import { type Started, startAgent, startPreview, until } from './processes.js';

const TEA =
  'Remember that I absolutely love hot tea, especially Earl Grey, and I prefer it with a splash of milk and one sugar';
const DRINKS = 'What kind of hot drinks do I like and how do I prefer them prepared?';

// A missing browser is a failure, not a skip: the suite below then fails in its setup too.
it('has Debian’s Chromium at /usr/bin/chromium', () => {
  expect(
    existsSync(CHROMIUM),
    `Chromium is missing at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (never \`playwright install\`).`,
  ).toBe(true);
});

describe('the playground in Chromium, against the built agent (offline model, SQLite memory)', () => {
  let agent: Started | undefined;
  let preview: Started | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let ui: PlaygroundPage;

  beforeAll(async () => {
    // Chromium first: when it is missing the suite fails at once with the install command.
    browser = await launchChromium();
    const dir = mkdtempSync(join(tmpdir(), 'playground-e2e-'));
    agent = await startAgent(join(dir, 'memory.db'));
    preview = await startPreview(Number(new URL(agent.url).port));
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(preview.url);
    ui = new PlaygroundPage(page);
  });

  afterAll(async () => {
    await browser?.close();
    await preview?.stop();
    await agent?.stop();
  });

  it('shows the agent’s /ping status and which model and memory it uses', async () => {
    const status = await until(async () => {
      const text = await ui.page.getByTestId('ping-status').textContent();
      return text === 'Healthy' || text === 'HealthyBusy' ? text : undefined;
    }, 'a /ping status');
    expect(['Healthy', 'HealthyBusy']).toContain(status);
    const info = await ui.page.getByTestId('agent-info').textContent();
    expect(info).toContain('offline · offline-dev');
    expect(info).toContain('sqlite · local_memory-0000000000');
  });

  it('scenario 1: 25 * 4 + 10 is 110, with the calculator call shown inline', async () => {
    expect((await ui.currentSession()).length).toBeGreaterThanOrEqual(33);
    const { status, answer } = await ui.send('What is 25 * 4 + 10?');
    expect(status).toBe('done');
    expect(answer).toContain('110');
    const call = ui.turns().last().getByTestId('tool-call');
    expect(await call.count()).toBe(1);
    const card = await call.textContent();
    expect(card).toContain('calculator');
    expect(card).toContain('25 * 4 + 10');
    expect(await call.getByTestId('tool-result').textContent()).toContain('110');
    expect(await call.getByTestId('tool-duration').textContent()).toMatch(/^\d+(\.\d+)? (ms|s)$/);
    await ui.screenshot('1-calculator-1280x800');
  });

  it('shows the invocation as a timeline of model, tool and memory spans with token usage', async () => {
    await ui.openTab('Traces');
    const trace = ui.page.getByTestId('trace').first();
    await trace.waitFor();
    const kinds = await trace
      .getByTestId('span')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-kind')));
    expect(kinds).toEqual(expect.arrayContaining(['agent', 'model', 'tool', 'memory']));
    expect(await trace.getByTestId('trace-usage').textContent()).toMatch(/[1-9]\d* in · [1-9]\d* out tokens/);
    // The offline model is called twice (tool use, then the answer), each with its token usage.
    expect(await trace.locator('[data-kind=model] [data-testid=span-tokens]').count()).toBe(2);
    await ui.screenshot('2-traces-1280x800');
    await ui.openTab('Memory');
  });

  it('scenario 2: within one session, my favorite number multiplied by 5 is 210', async () => {
    const first = await ui.currentSession();
    const session = await ui.newSession();
    expect(session).not.toBe(first);
    expect(session.length).toBeGreaterThanOrEqual(33);
    expect((await ui.send('My favorite number is 42')).status).toBe('done');
    const { answer } = await ui.send('What is my favorite number multiplied by 5?');
    expect(answer).toContain('210');
    // Both sessions are now in the actor's list of past sessions.
    const past = ui.page.getByRole('list', { name: 'Past sessions' });
    await until(
      async () => ((await past.getByRole('button').count()) >= 2 ? true : undefined),
      'two past sessions',
    );
    expect(await past.locator('[aria-current=true]').count()).toBe(1);
    await ui.screenshot('3-favorite-number-1280x800');
  });

  it('scenario 3: a preference told in one session is recalled, with scores, in a new session of the same actor', async () => {
    expect(await ui.page.getByLabel('Actor', { exact: true }).inputValue()).toBe('user123');
    await ui.newSession();
    expect((await ui.send(TEA)).status).toBe('done');
    await ui.waitForExtraction('done');
    await until(
      async () =>
        (await ui.page.getByTestId('memory-record').filter({ hasText: 'Earl Grey' }).count()) > 0
          ? true
          : undefined,
      'an Earl Grey record',
    );
    await ui.screenshot('4-extraction-done-1280x800');

    await ui.newSession();
    const { answer } = await ui.send(DRINKS);
    expect(answer).toMatch(/Earl Grey/);
    expect(answer).toMatch(/milk/);
    expect(answer).toMatch(/sugar/);
    const recall = ui.turns().last().getByTestId('recall');
    expect(await recall.textContent()).toMatch(/Recalled from memory \(\d+\)[\s\S]*0\.\d\d/);
    // The records that answer used are highlighted, with their scores, in the memory inspector.
    await until(
      async () => ((await ui.page.getByTestId('recall-score').count()) > 0 ? true : undefined),
      'a highlighted record',
    );
    expect(await ui.page.getByTestId('recall-score').first().textContent()).toMatch(
      /used in last answer · 0\.\d\d/,
    );
    await ui.screenshot('5-recall-1280x800');
  });

  it('scenario 3: another actor asking the same learns nothing of it', async () => {
    await ui.switchActor('user456');
    const { answer } = await ui.send(DRINKS);
    expect(answer).not.toMatch(/Earl Grey|milk|sugar/i);
    expect(await ui.turns().last().getByTestId('recall').count()).toBe(0);
    await ui.page.getByText('No long-term records for this actor yet.').waitFor();
    await ui.screenshot('6-other-actor-1280x800');
  });

  it('searches the memory and deletes a record', async () => {
    await ui.switchActor('user123');
    await ui.page.getByLabel('Search memory').fill('hot drinks tea');
    await ui.page.getByLabel('Search memory').press('Enter');
    const results = ui.page.getByTestId('search-results');
    await results.waitFor();
    expect(await results.textContent()).toMatch(/Earl Grey/);

    const records = ui.page.getByTestId('memory-record');
    await until(async () => ((await records.count()) > 0 ? true : undefined), 'the records of user123');
    const target = records.filter({ hasText: 'Earl Grey' }).first();
    const id = await target.locator('[title^="mem-"]').getAttribute('title');
    await target.getByRole('button', { name: /^Delete record/ }).click();
    await target.getByRole('button', { name: 'Confirm delete' }).click();
    // Wait for this record to go, not for the count to drop: extraction of earlier sessions may still add
    // records meanwhile on a slow machine.
    const deleted = ui.page.locator(`[title="${id}"]`);
    await until(async () => ((await deleted.count()) === 0 ? true : undefined), 'the record to go');
    // Gone from the agent's memory too, not only from the page.
    const stored = (await (await fetch(`${agent!.url}/_dev/records?actorId=user123`)).json()) as {
      namespaces: Array<{ records: Array<{ memoryRecordId: string }> }>;
    };
    expect(
      stored.namespaces.flatMap((group) => group.records.map((record) => record.memoryRecordId)),
    ).not.toContain(id);
    await ui.screenshot('7-deleted-1280x800');
  });

  it('shows a failed invocation as an error', async () => {
    // The agent answers a 33-character session id and a non-empty prompt, which the page always sends: the
    // failure is stood in for at the network layer, with the agent's own error shape.
    await ui.page.route('**/invocations', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: '{"error":"model unavailable (test)"}',
      }),
    );
    const { status, answer } = await ui.send('What is 1 + 1?');
    await ui.page.unroute('**/invocations');
    expect(status).toBe('error');
    expect(answer).toContain('Error: model unavailable (test)');
    expect(await ui.turns().last().getByRole('alert').count()).toBe(1);
  });

  it('is usable by keyboard, and every control has a label', async () => {
    const unlabelled = await ui.page.evaluate(() =>
      [...document.querySelectorAll('input, textarea, button, select')]
        .filter((element) => {
          const control = element as HTMLInputElement;
          const named =
            (control.labels?.length ?? 0) > 0 ||
            control.getAttribute('aria-label') ||
            control.getAttribute('aria-labelledby') ||
            (element.textContent ?? '').trim();
          return !named;
        })
        .map((element) => element.outerHTML.slice(0, 80)),
    );
    expect(unlabelled).toEqual([]);

    await ui.page.reload();
    await ui.page.getByTestId('ping-status').waitFor();
    const order: string[] = [];
    for (let step = 0; step < 60; step++) {
      await ui.page.keyboard.press('Tab');
      order.push(
        await ui.page.evaluate(() => {
          const element = document.activeElement as HTMLElement | null;
          return element?.id || element?.getAttribute('aria-label') || element?.textContent?.trim() || '';
        }),
      );
      if (order.at(-1) === 'tab-memory') break;
    }
    const at = (name: string) => order.indexOf(name);
    expect(at('Skip to the message box')).toBe(0);
    expect(at('actor')).toBeGreaterThan(0);
    expect(at('New session')).toBeGreaterThan(at('actor'));
    expect(at('composer')).toBeGreaterThan(at('New session'));
    expect(at('tab-memory')).toBeGreaterThan(at('composer'));

    // Enter in the message box sends.
    await ui.page.getByLabel('Message', { exact: true }).focus();
    await ui.page.keyboard.type('What is 2 + 3?');
    const count = await ui.turns().count();
    await ui.page.keyboard.press('Enter');
    await until(async () => ((await ui.turns().count()) === count + 1 ? true : undefined), 'the typed turn');
  });

  it('fits a narrow window', async () => {
    await ui.page.setViewportSize({ width: 390, height: 844 });
    const overflow = await ui.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await ui.screenshot('8-narrow-390');
    await ui.page.setViewportSize({ width: 1280, height: 800 });
  });
});
