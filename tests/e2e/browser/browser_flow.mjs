// Drives chromium (Debian's /usr/bin/chromium) with playwright-core through page/flow.js, one step per
// page load, and prints {step: result} as JSON.
// usage: node browser_flow.mjs <kit dir> <chromium> <profile dir> <api url> <page origin> <other origin> <expired>
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [kitDir, chromiumPath, profileDir, apiUrl, pageOrigin, otherOrigin, expired] = process.argv.slice(2);
const { chromium } = await import(pathToFileURL(join(kitDir, 'node_modules', 'playwright-core', 'index.mjs')).href);

const context = await chromium.launchPersistentContext(profileDir, {
  executablePath: chromiumPath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
const results = {};
const console_ = [];
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => console_.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => console_.push(`pageerror: ${error.message}`));
  const query = new URLSearchParams({ api: apiUrl, expired });
  for (const [step, origin] of [['jwt', pageOrigin], ['reload', pageOrigin], ['session', pageOrigin],
                                ['cors', otherOrigin]]) {
    query.set('step', step);
    await page.goto(`${origin}/index.html?${query}`);
    await page.waitForFunction(() => window.__result !== undefined, undefined, { timeout: 30000 });
    results[step] = await page.evaluate(() => window.__result);
  }
} finally {
  await context.close();
}
process.stdout.write(JSON.stringify({ results, console: console_ }, null, 2) + '\n');
