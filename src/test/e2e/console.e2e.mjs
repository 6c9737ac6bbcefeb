// Drives the hub's web console in Debian's headless Chromium (playwright-core, no browser download).
//   node console.e2e.mjs <baseUrl> <user> <password> <outDir> operator <caseId> <deadMessageId>
//     logs in, reads the dashboard, searches the case's messages, opens a trace, resends the dead letter,
//     and takes a screenshot (<outDir>/console.png)
//   node console.e2e.mjs <baseUrl> <user> <password> <outDir> viewer
//     logs in as a viewer: no resend button, and a resend posted with the session's CSRF token is refused
// Prints one JSON object with what it saw on stdout; exits non-zero on any failure.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [baseUrl, user, password, outDir, mode = 'operator', caseId, deadId] = process.argv.slice(2);
if (!baseUrl || !user || !password || !outDir) {
  console.error('usage: console.e2e.mjs <baseUrl> <user> <password> <outDir> [operator <caseId> <deadId> | viewer]');
  process.exit(2);
}

const profile = mkdtempSync(join(tmpdir(), 'tongban-console-e2e-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync']
});
context.setDefaultTimeout(30000);
const out = { mode };
try {
  const page = context.pages()[0] ?? await context.newPage();
  const pageErrors = [];
  page.on('pageerror', e => pageErrors.push(String(e)));

  // anonymous: the console sends to the login page
  await page.goto(baseUrl + '/console/');
  out.loginPage = new URL(page.url()).pathname;
  await page.fill('#username', user);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(u => u.pathname === '/console/'), page.click('button[type=submit]')]);
  await page.waitForSelector('main[data-page=dashboard]');
  out.account = await page.textContent('#account');
  out.overdue = (await page.textContent('#overdue')).trim();
  out.inboundRefusals = (await page.textContent('#inbound-refusals')).trim();

  if (mode === 'operator') {
    out.deadCount = Number((await page.textContent('#dead-count .n')).trim());
    out.partners = await page.$$eval('#partners tbody tr', rows => rows.map(r => r.dataset.partner));

    // search the case's messages
    await page.click('nav a[href="#search"]');
    await page.waitForSelector('#search-form');
    await page.fill('#search-form input[name=caseId]', caseId);
    await page.click('#search-form button[type=submit]');
    await page.waitForSelector('#results tbody tr[data-id]');
    out.found = await page.$$eval('#results tbody tr[data-id]', rows => rows.map(r => r.dataset.id));

    // the dead one's trace
    await page.click(`#results tr[data-id="${deadId}"] a.trace`);
    await page.waitForSelector('#attempts tbody tr');
    out.tracedOutcomes = await page.$$eval('#attempts tbody tr td:nth-child(3)', tds => tds.map(t => t.textContent));

    // resend it
    await page.click('nav a[href="#dead-letters"]');
    await page.click(`button.resend[data-id="${deadId}"]`);
    await page.waitForSelector('#resent-id');
    out.resentFrom = deadId;
    out.resentAs = (await page.textContent('#resent-id')).trim();
    out.buttonsLeftForIt = await page.$$eval(`button.resend[data-id="${deadId}"]`, b => b.length);

    // the new message's trace names the old one
    await page.click('#resent-id');
    await page.waitForSelector('#trace-facts');
    out.newTrace = await page.textContent('#trace-facts');

    await page.click('nav a[href="#directory"]');
    await page.waitForSelector('#routes tbody tr');
    out.nodes = await page.$$eval('#nodes tbody tr', rows => rows.map(r => r.dataset.node));

    await page.click('nav a[href="#dashboard"]');
    await page.waitForSelector('main[data-page=dashboard] #dead-count');
    out.screenshot = join(outDir, 'console.png');
    await page.screenshot({ path: out.screenshot, fullPage: true });
  } else {
    await page.click('nav a[href="#dead-letters"]');
    await page.waitForSelector('main[data-page="dead-letters"]');
    out.resendButtons = await page.$$eval('button.resend', b => b.length);
    out.rows = await page.$$eval('#dead-letters tbody tr', r => r.length);
    // even posting by hand with the session's own CSRF token: the role is missing
    out.viewerResendStatus = await page.evaluate(async () => {
      const s = await (await fetch('/console/session')).json();
      const id = document.querySelector('#dead-letters tbody tr')?.dataset.id ?? 'none';
      const r = await fetch('/api/v1/dead-letters/' + id + '/resend', {
        method: 'POST', headers: { 'Content-Type': 'application/json', [s.csrf.header]: s.csrf.token }, body: '{}'
      });
      return r.status;
    });
    out.screenshot = join(outDir, 'console-viewer.png');
    await page.screenshot({ path: out.screenshot, fullPage: true });
  }
  out.pageErrors = pageErrors;
  console.log(JSON.stringify(out));
} catch (e) {
  console.error('console e2e failed:', e);
  console.log(JSON.stringify({ ...out, failure: String(e) }));
  process.exitCode = 1;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
