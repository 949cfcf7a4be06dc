// Renders the HTML report of the sample repo and screenshots its first screen into
// docs/img/report.png, as the README shows it. Needs Debian's chromium (/usr/bin/chromium) and
// a build (npm run build).
//
//   node scripts/report-screenshot.mjs [OUT.png]
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..');
const out = resolve(process.argv[2] ?? join(root, 'docs/img/report.png'));
const dir = await mkdtemp(join(tmpdir(), 'parity-screenshot-'));
try {
  const report = join(dir, 'report.html');
  const args = ['bin/parity.js', 'audit', '--repo', 'fixtures/ecommerce-infra', '--format', 'html', '--out', report];
  // Exit 1 (blocking differences) is the sample's expected verdict.
  await promisify(execFile)(process.execPath, args, { cwd: root, env: { ...process.env, PARITY_CACHE_DIR: join(dir, 'cache') } }).catch((error) => {
    if (error.code !== 1) throw error;
  });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 760 }, deviceScaleFactor: 1 });
    await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });
    await page.screenshot({ path: out, fullPage: false });
  } finally {
    await browser.close();
  }
  console.log(`wrote ${out}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
