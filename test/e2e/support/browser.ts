/**
 * The browser side of the e2e tests: Debian's Chromium driven by playwright-core (never a downloaded browser), a
 * fresh profile per launch, sign-in through the real form, screenshots saved as test artifacts, and an axe-core
 * accessibility check injected into the page.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { CHROMIUM_PATH, screenshotDirectory } from './e2e-context.ts';

const repoRoot = join(import.meta.dirname, '..', '..', '..');

/** The context the global set-up provided; its skipReason says why the browser tests cannot run. */
export function e2eContext() {
  const context = inject('e2e');
  if (context.skipReason) console.warn(`browser tests skipped: ${context.skipReason}`);
  return context;
}

/** Chromium with a fresh temporary profile (playwright creates and removes a new user-data-dir per launch). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    timeout: 0, // however long a busy machine takes to start it
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A new page in its own browser context (its own cookies: one signed-in person), with errors collected. */
export async function newPage(
  browser: Browser,
  options: { width?: number; height?: number; timezoneId?: string } = {},
) {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    timezoneId: options.timezoneId ?? 'Europe/Warsaw',
    locale: 'en-GB',
    acceptDownloads: true,
  });
  // No time limits of Playwright's own (30 s for an action or a navigation): every wait ends when its condition holds,
  // however long a busy machine takes, and the test's bound (vitest.config.ts) ends one that never does.
  context.setDefaultTimeout(0);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors, close: () => context.close() };
}

export async function signIn(page: Page, baseUrl: string, user: { email: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('E-mail address').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The signed-in shell (its navigation is folded into a menu on a phone, so wait for the shell itself), or the form's
  // error: whichever comes first, however long that takes.
  await page.locator('.shell, form [role="alert"]').first().waitFor({ state: 'attached' });
  if ((await page.locator('.shell').count()) === 0) {
    await screenshot(page, `sign-in-failed-${user.email}`);
    throw new Error(
      `sign-in as ${user.email} did not reach the application:\n${await page.locator('body').innerText()}`,
    );
  }
}

/** Saves a full-page screenshot as test-artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDirectory, { recursive: true });
  await page.screenshot({ path: join(screenshotDirectory, `${name}.png`), fullPage: true });
}

const axeSource = readFileSync(join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * Runs axe-core on the page (WCAG 2.x A and AA rules) and returns the serious and critical violations. The source is
 * evaluated through the DevTools protocol, which the page's Content Security Policy does not block.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((result) => result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, failureSummary: n.failureSummary })) })))`,
  )) as AxeViolation[];
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** A readable list of violations for an assertion message. */
export function describeViolations(screen: string, violations: readonly AxeViolation[]): string {
  return violations
    .map(
      (violation) =>
        `${screen}: [${violation.impact}] ${violation.id}: ${violation.help}\n${violation.nodes
          .map((node) => `    ${node.target.join(' ')}: ${node.failureSummary ?? ''}`)
          .join('\n')}`,
    )
    .join('\n');
}
