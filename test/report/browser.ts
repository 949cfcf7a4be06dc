import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findOnPath } from '../../src/util/find-executable.js';

const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The names a Chromium goes by on PATH (Debian's package, others, Google's build). */
const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/** Chromium found on PATH, or null (in CI its absence fails the tests: see missingTool). */
export async function findChromium(): Promise<string | null> {
  for (const name of CHROMIUM_NAMES) {
    const found = await findOnPath(name, process.env);
    if (found) return found;
  }
  return null;
}

export interface HeadlessBrowser {
  /** Pages as a reader gets them: the report's CSP enforced. */
  context: BrowserContext;
  /** The same page with its CSP bypassed, only so axe-core can be injected beside it. */
  audit: BrowserContext;
  close(): Promise<void>;
}

/**
 * One real headless Chromium per test file. Playwright refuses a `--user-data-dir` argument
 * on `launch` and starts every launch in a fresh temporary profile of its own instead.
 */
export async function launchChromium(executablePath: string): Promise<HeadlessBrowser> {
  const browser: Browser = await chromium.launch({ executablePath, args: ARGS });
  const context = await browser.newContext();
  const audit = await browser.newContext({ bypassCSP: true });
  return { context, audit, close: () => browser.close() };
}

export interface OpenedReport {
  page: Page;
  /** Requests beyond the report document itself: the page must make none. */
  requests: string[];
}

/** Opens a report file at a viewport width, counting every request after the document. */
export async function openReport(browser: HeadlessBrowser, file: string, width: number): Promise<OpenedReport> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width, height: 900 });
  const url = pathToFileURL(file).href;
  const requests: string[] = [];
  page.on('request', (request) => {
    if (request.url() !== url) requests.push(request.url());
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, requests };
}

/** axe-core run inside the report (in the CSP-bypassing context); returns the serious and critical violations. */
export async function seriousViolations(browser: HeadlessBrowser, file: string, width: number): Promise<Array<{ id: string; impact: string; nodes: string[] }>> {
  const page = await browser.audit.newPage();
  await page.setViewportSize({ width, height: 900 });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  const axe = await readFile(resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: axe });
  const violations = await page.evaluate(async () => {
    const results = await (globalThis as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe.run();
    return results.violations.map((violation) => ({ id: violation.id, impact: violation.impact, nodes: violation.nodes.slice(0, 3).map((node) => node.target.join(' ')) }));
  });
  await page.close();
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** A screenshot kept under the git-ignored test-artifacts/ folder. */
export async function screenshot(page: Page, name: string, fullPage: boolean): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  const path = join(ARTIFACTS, `${name}-${width}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}
