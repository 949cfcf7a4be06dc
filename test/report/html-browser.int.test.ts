/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareWithBaseline } from '../../src/baseline/compare-baseline.js';
import { readHistory } from '../../src/baseline/read-history.js';
import { formatResult } from '../../src/report/index.js';
import type { AuditResult } from '../../src/types.js';
import { runCli } from '../support/run-cli.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';
import { findChromium, launchChromium, openReport, screenshot, seriousViolations, type HeadlessBrowser } from './browser.js';
import { shapeOf, syntheticResult } from './synthetic-results.js';
import { missingTool } from '../support/required-tool.js';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures');
const CHROMIUM = await findChromium();

interface RowCounts {
  service: string;
  cells: Array<{ label: string; blocking: number; warnings: number; allowed: number }>;
}

/** The overview matrix as the browser laid it out. */
async function matrixRows(page: Page): Promise<RowCounts[]> {
  return page.$$eval('table.matrix tbody tr', (rows) =>
    rows.map((row) => ({
      service: row.getAttribute('data-service') ?? '',
      cells: [...row.querySelectorAll('td')].map((cell) => ({
        label: cell.getAttribute('data-label') ?? '',
        blocking: Number(cell.getAttribute('data-blocking')),
        warnings: Number(cell.getAttribute('data-warnings')),
        allowed: Number(cell.getAttribute('data-allowed')),
      })),
    })),
  );
}

/** The counts a result holds per service and pair label, to compare with the matrix. */
function expectedCells(result: AuditResult): Map<string, { blocking: number; warnings: number; allowed: number }> {
  const cells = new Map<string, { blocking: number; warnings: number; allowed: number }>();
  for (const finding of result.findings) {
    const key = `${finding.service}|${finding.envs.join(' → ')}`;
    const cell = cells.get(key) ?? { blocking: 0, warnings: 0, allowed: 0 };
    if (finding.blocking) cell.blocking += 1;
    else if (finding.allowed) cell.allowed += 1;
    else cell.warnings += 1;
    cells.set(key, cell);
  }
  return cells;
}

function expectMatrixMatches(rows: RowCounts[], result: AuditResult): void {
  const expected = expectedCells(result);
  expect(rows.map((row) => row.service).sort()).toEqual(result.services.map((service) => service.name).sort());
  for (const row of rows) {
    for (const cell of row.cells) {
      const want = expected.get(`${row.service}|${cell.label}`) ?? { blocking: 0, warnings: 0, allowed: 0 };
      expect({ service: row.service, pair: cell.label, ...want }).toEqual({ service: row.service, pair: cell.label, blocking: cell.blocking, warnings: cell.warnings, allowed: cell.allowed });
    }
  }
  const blockingRank = rows.map((row) => (row.cells.some((cell) => cell.blocking > 0) ? 0 : 1));
  expect(blockingRank).toEqual([...blockingRank].sort());
}

/** Header words split across lines ("sta/gin/g") show as a word with more than one line box. */
async function brokenHeaderWords(page: Page): Promise<string[]> {
  return page.$$eval('th', (headers) =>
    headers.flatMap((header) => {
      const text = header.firstChild;
      if (!text || text.nodeType !== 3 || header.getClientRects().length === 0) return [];
      const broken: string[] = [];
      const value = text.textContent ?? '';
      let start = 0;
      for (const word of value.split(' ')) {
        const range = document.createRange();
        range.setStart(text, start);
        range.setEnd(text, start + word.length);
        if (word && new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size > 1) broken.push(word);
        start += word.length + 1;
      }
      return broken;
    }),
  );
}

async function pageChecks(browser: HeadlessBrowser, file: string, name: string, fullPage: boolean): Promise<Page> {
  const narrow = await openReport(browser, file, 390);
  expect(narrow.requests).toEqual([]);
  expect(await narrow.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(narrow.page, name, fullPage);
  await narrow.page.close();
  expect(await seriousViolations(browser, file, 390)).toEqual([]);
  const { page, requests } = await openReport(browser, file, 1400);
  expect(requests).toEqual([]);
  expect(await brokenHeaderWords(page)).toEqual([]);
  expect(await page.locator('main').count()).toBe(1);
  expect(await page.locator('nav').count()).toBe(1);
  await screenshot(page, name, fullPage);
  expect(await seriousViolations(browser, file, 1400)).toEqual([]);
  return page;
}

describe.skipIf(missingTool(CHROMIUM !== null, 'chromium'))('the HTML report in headless Chromium', () => {
  let browser: HeadlessBrowser;
  const cleanup: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    browser = await launchChromium(CHROMIUM!);
  });

  afterAll(async () => {
    await browser?.close();
    for (const undo of cleanup) await undo();
  });

  async function tempDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'parity-report-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  }

  async function sampleRepo(fixture: string): Promise<TempRepo> {
    const repo = await createTempRepo({}, join(FIXTURES, fixture));
    cleanup.push(() => repo.remove());
    await repo.git('remote', 'add', 'origin', 'https://github.com/acme/ecommerce-infra.git');
    return repo;
  }

  it('renders the sample repo against last week: matrix counts, new and resolved findings, source links', async () => {
    const repo = await sampleRepo('ecommerce-infra');
    const out = await tempDir();
    const history = join(out, 'history');
    await runCli(['audit', '--repo', repo.dir, '--no-cache', '--format', 'json', '--out', join(out, 'previous.json')]);
    const env = 'apps/frontend-shell/overlays/production/frontend.env';
    const settings = await readFile(join(repo.dir, env), 'utf8');
    await repo.write(env, `${settings.replace('FEATURE_CHECKOUT_V2=false', 'FEATURE_CHECKOUT_V2=true')}DEBUG_TOOLBAR=on\n`);
    await repo.git('commit', '-qam', 'frontend-shell: checkout v2 on, debug toolbar');
    await mkdir(history);
    await copyFile(join(out, 'previous.json'), join(history, '2026-12-01.json'));
    await writeFile(join(history, 'notes.txt'), 'not a result: skipped\n');

    const json = await runCli(['audit', '--repo', repo.dir, '--no-cache', '--format', 'json', '--baseline', join(out, 'previous.json')]);
    expect(json.exitCode).toBe(1);
    const result = JSON.parse(json.stdout) as AuditResult;
    const added = result.findings.filter((finding) => finding.status === 'new');
    expect(added.map((finding) => finding.path)).toEqual([expect.stringContaining('DEBUG_TOOLBAR')]);
    expect(result.baseline?.resolved.map((finding) => finding.path)).toEqual([expect.stringContaining('FEATURE_CHECKOUT_V2')]);

    const file = join(out, 'report.html');
    const html = await runCli(
      ['audit', '--repo', repo.dir, '--no-cache', '--format', 'html', '--out', file, '--baseline', join(out, 'previous.json'), '--history', history],
      { env: { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/ecommerce-infra', GITHUB_SHA: 'ignored-the-audited-commit-wins' } },
    );
    expect(html.exitCode).toBe(1);
    const page = await pageChecks(browser, file, 'sample-repo', true);
    expectMatrixMatches(await matrixRows(page), result);
    expect(await page.$$eval('main > section', (sections) => sections.map((section) => section.id))).toEqual(['since', 'overview', 'trend', 'details']);
    expect(await page.getAttribute(`#finding-${added[0]!.id} `, 'data-status')).toBe('new');
    expect(await page.locator(`#finding-${added[0]!.id} .new`).textContent()).toBe('new');
    expect(await page.locator('tr[data-change="resolved"]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-finding')))).toEqual([result.baseline!.resolved[0]!.id]);
    const commit = (await repo.git('rev-parse', 'HEAD')).trim();
    const links = await page.$$eval('td[data-label="Source"] a', (anchors) => anchors.map((anchor) => ({ href: anchor.getAttribute('href'), text: anchor.textContent })));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      const [, path, line] = /^(.+):(\d+)$/.exec(link.text ?? '') ?? [];
      expect(link.href).toBe(`https://github.com/acme/ecommerce-infra/blob/${commit}/${path}#L${line}`);
    }
    expect(await page.locator('#trend svg polyline').count()).toBeGreaterThanOrEqual(3);
    const summary = page.locator('details.allowed summary').first();
    await summary.focus();
    await page.keyboard.press('Enter');
    expect(await page.locator('details.allowed').first().getAttribute('open')).toBe('');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav').isVisible()).toBe(false);
    expect(await page.locator('details.allowed').nth(1).locator('table').isVisible()).toBe(true);
  }, 240_000);

  it('renders 300 services with a baseline and a history, marks what changed, and filters without leaving the page', async () => {
    const dir = await tempDir();
    const baseline = syntheticResult(1);
    for (const week of [4, 3, 2, 1]) await writeFile(join(dir, `week-${week}.json`), formatResult(syntheticResult(week), 'json', { color: false }));
    const result = compareWithBaseline(syntheticResult(0), baseline, 'reports/week-1.json');
    const history = await readHistory(dir, result);
    expect(history).toHaveLength(5);
    const file = join(dir, 'report.html');
    await writeFile(file, formatResult(result, 'html', { color: false, html: { history, sourceUrl: 'https://github.com/platform/infra/blob/0000/{path}#L{line}' } }));

    const page = await pageChecks(browser, file, 'synthetic-300', false);
    const rows = await matrixRows(page);
    expect(rows).toHaveLength(300);
    expectMatrixMatches(rows, result);
    const indexes = [...Array(300).keys()];
    const fresh = indexes.filter((index) => shapeOf(index, 0).extraBlocking); // ids carry the week: every extra finding of a week is its own
    const resolved = indexes.filter((index) => shapeOf(index, 1).extraBlocking);
    expect(fresh.length).toBeGreaterThan(0);
    expect(await page.locator('#since tr[data-change="new"]').count()).toBe(fresh.length);
    expect(await page.locator('#since tr[data-change="resolved"]').count()).toBe(resolved.length);
    expect(await page.locator('#details tr[data-status="new"]').count()).toBe(fresh.length);
    expect(await page.locator('#since .since-counts').textContent()).toContain(`${fresh.length} new (${fresh.length} blocking) · ${resolved.length} resolved`);
    expect(await page.locator('#trend table.trend tbody tr').count()).toBe(300);
    expect(await page.locator('#trend figure svg polyline').count()).toBe(3);
    const href = await page.locator('#details td[data-label="Source"] a').first().getAttribute('href');
    expect(href).toMatch(/^https:\/\/github\.com\/platform\/infra\/blob\/0000\/apps\/svc-\d{3}\/overlays\/\w+\/[\w.-]+\.yaml#L\d+$/);

    await page.fill('#filter-service', 'svc-007');
    expect(await page.locator('table.matrix tbody tr:visible').count()).toBe(1);
    await page.fill('#filter-service', '');
    await page.selectOption('#filter-status', 'blocking');
    const blockingRows = rows.filter((row) => row.cells.some((cell) => cell.blocking > 0)).length;
    expect(await page.locator('table.matrix tbody tr:visible').count()).toBe(blockingRows);
  }, 180_000);

  it('keeps a render error inside its box, without absolute paths, and closes the verdict', async () => {
    const repo = await sampleRepo('broken/missing-base');
    const file = join(await tempDir(), 'report.html');
    const run = await runCli(['audit', '--repo', repo.dir, '--no-cache', '--format', 'html', '--out', file]);
    expect(run.exitCode).toBe(2);
    const text = await readFile(file, 'utf8');
    expect(text).toContain('RENDER_FAILED');
    expect(text).not.toContain(repo.dir);
    expect(text).not.toContain(tmpdir());
    const page = await pageChecks(browser, file, 'render-error', true);
    const boxes = await page.$$eval('.error-box', (elements) =>
      elements.map((box) => {
        const outer = box.getBoundingClientRect();
        const inner = [...box.querySelectorAll('pre, p')].map((child) => child.getBoundingClientRect());
        return { fits: inner.every((rect) => rect.right <= outer.right + 0.5), overflow: box.scrollWidth - box.clientWidth };
      }),
    );
    expect(boxes.length).toBeGreaterThan(0);
    expect(boxes).toEqual(boxes.map(() => ({ fits: true, overflow: 0 })));
    expect(await page.locator('header.verdict.fail').count()).toBe(1);
    expect(await page.locator('table.matrix td.cell.error').count()).toBeGreaterThan(0);
  }, 120_000);
});
