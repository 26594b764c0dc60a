// Drives Debian's Chromium through the partner flow and Swagger UI, and writes what the browser saw to
// $OUT_DIR/result.json for BrowserE2eIT to assert on. It asserts nothing itself: it reports.
//
// Environment (BrowserE2eIT sets all of it; see docs/browser-tests.md to run it by hand):
//   GATEWAY_URL   the gateway, e.g. http://127.0.0.1:8081
//   LOADER_URL    the widget loader script (the Airbyte stand-in serves one)
//   PARTNER_PORT  port for the partner page; http://127.0.0.1:$PARTNER_PORT must be the gateway's allowed origin
//   OTHER_PORT    port for the same page on an origin the gateway does not allow
//   USER_ID       the end user's id (default e2e-user)
//   OUT_DIR       screenshots and result.json (default ../target/e2e)
//   CHROMIUM      the browser (default /usr/bin/chromium)
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const gateway = env('GATEWAY_URL');
const loader = env('LOADER_URL');
const partnerPort = Number(env('PARTNER_PORT'));
const otherPort = Number(env('OTHER_PORT'));
const userId = env('USER_ID', 'e2e-user');
const outDir = resolve(env('OUT_DIR', join(here, '..', 'target', 'e2e')));
const executablePath = env('CHROMIUM', '/usr/bin/chromium');
// The flags this machine needs (.library/env/machines/java-maven.md): no sandbox as root, and no background
// networking, whose connections the closed network would refuse.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TIMEOUT_MS = 20_000;

mkdirSync(outDir, { recursive: true });
const consoleLog = join(outDir, 'browser-console.log');
writeFileSync(consoleLog, '');

/** Serves e2e/partner/ on one port of 127.0.0.1: a partner frontend on an origin of its own. */
function servePartnerPage(port) {
  const root = join(here, 'partner');
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };
  const server = createServer((request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    if (path === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    const file = path === '/' ? 'index.html' : path.slice(1);
    if (!/^[a-z-]+\.(html|js)$/.test(file)) {
      response.writeHead(404).end();
      return;
    }
    try {
      const body = readFileSync(join(root, file));
      response.writeHead(200, { 'Content-Type': types[extname(file)], 'Cache-Control': 'no-store' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok(server));
  });
}

function partnerUrl(port) {
  const query = new URLSearchParams({ gateway, loader, userId });
  return `http://127.0.0.1:${port}/?${query}`;
}

async function newPage(context, name) {
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  page.on('console', (message) => appendFileSync(consoleLog, `[${name}] ${message.type()}: ${message.text()}\n`));
  page.on('pageerror', (error) => appendFileSync(consoleLog, `[${name}] pageerror: ${error.message}\n`));
  return page;
}

async function shoot(page, name) {
  const file = join(outDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Runs one scenario; a failure is recorded with a screenshot rather than thrown. */
async function scenario(context, name, body) {
  const page = await newPage(context, name);
  const started = Date.now();
  const result = { screenshots: [] };
  try {
    await body(page, result);
  } catch (error) {
    result.failure = String(error && error.stack || error);
    result.screenshots.push(await shoot(page, `${name}-failure`).catch(() => null));
  } finally {
    result.millis = Date.now() - started;
    await page.close();
  }
  return result;
}

/** Clicks "Connect your data" and waits until the page has a token or an error. */
async function connect(page, port) {
  await page.goto(partnerUrl(port));
  await page.waitForFunction(() => typeof window.AirbyteEmbeddedWidget === 'function');
  await page.getByRole('button', { name: 'Connect your data' }).click();
  await page.waitForFunction(() => window.partner.token !== null || window.partner.error !== null);
}

async function allowedOrigin(page, result) {
  await connect(page, partnerPort);
  result.pageOrigin = await page.evaluate(() => location.origin);
  result.error = await page.evaluate(() => window.partner.error);
  const token = await page.evaluate(() => window.partner.token);
  if (!token) return;
  result.workspaceId = token.workspaceId;
  result.widgetUrlAllowedOrigin = new URL(token.widgetUrl).searchParams.get('allowedOrigin');

  // The form appears only after the iframe received the scoped token and the stand-in accepted it.
  const widget = page.frameLocator('dialog.airbyte-widget-dialog-wrapper iframe');
  await widget.locator('#credential').fill('not-a-real-credential');
  await widget.getByRole('button', { name: 'Connect' }).click();
  await page.waitForFunction(() => window.partner.events.some((e) => e.message === 'source_created'));
  result.events = await page.evaluate(() => window.partner.events.map((e) => ({
    type: e.type, message: e.message, sourceId: e.data && e.data.id, sourceName: e.data && e.data.name,
    sourceTemplate: e.data && e.data.source_template && e.data.source_template.name,
    credentials: e.data && e.data.replication_config && e.data.replication_config.credentials,
  })));
  result.screenshots.push(await shoot(page, 'partner-source-created'));

  // "Done" in the widget posts CLOSE_DIALOG; the loader closes the dialog.
  await widget.getByRole('button', { name: 'Done' }).click();
  await page.waitForFunction(() => !document.querySelector('dialog.airbyte-widget-dialog-wrapper').open);
  result.dialogClosed = true;
  result.screenshots.push(await shoot(page, 'partner-widget-closed'));
}

async function otherOrigin(page, result) {
  const failedRequests = [];
  // Chromium tells the page's console why fetch failed; wait for that message rather than hoping it came already.
  const corsError = page.waitForEvent('console', {
    predicate: (message) => message.type() === 'error' && message.text().includes('blocked by CORS policy'),
  }).then((message) => message.text(), () => null);
  page.on('requestfailed', (request) => failedRequests.push(`${request.method()} ${request.url()} ${request.failure()?.errorText}`));
  await connect(page, otherPort);
  result.pageOrigin = await page.evaluate(() => location.origin);
  result.error = await page.evaluate(() => window.partner.error);
  result.gotToken = await page.evaluate(() => window.partner.token !== null);
  result.dialogs = await page.evaluate(() => document.querySelectorAll('dialog').length);
  result.failedRequests = failedRequests;
  result.corsError = await corsError;
  result.screenshots.push(await shoot(page, 'other-origin-rejected'));

  // Outside the browser: what the gateway answered this origin's preflight (the browser hides it from the page).
  const preflight = await fetch(`${gateway}/api/airbyte/widget-token`, {
    method: 'OPTIONS',
    headers: { Origin: result.pageOrigin, 'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'content-type' },
  });
  result.preflight = { status: preflight.status, allowOrigin: preflight.headers.get('access-control-allow-origin') };
}

async function swaggerUi(page, result) {
  await page.goto(`${gateway}/q/swagger-ui`);
  const operation = page.locator('.opblock-post', { hasText: '/api/airbyte/widget-token' });
  await operation.locator('.opblock-summary').click();
  await operation.getByRole('button', { name: 'Try it out' }).click();
  await operation.getByRole('button', { name: 'Execute' }).click();
  const status = operation.locator('.live-responses-table .response .response-col_status');
  await status.waitFor();
  result.status = Number((await status.innerText()).trim());
  const body = await operation.locator('.live-responses-table .response .microlight').first().innerText();
  const json = JSON.parse(body);
  result.responseFields = Object.keys(json).sort();
  result.widgetUrlAllowedOrigin = json.widgetUrl ? new URL(json.widgetUrl).searchParams.get('allowedOrigin') : null;
  await operation.locator('.live-responses-table').scrollIntoViewIfNeeded();
  result.screenshots.push(await shoot(page, 'swagger-ui-try-it-out'));
}

const servers = [await servePartnerPage(partnerPort), await servePartnerPage(otherPort)];
const userDataDir = mkdtempSync(join(tmpdir(), 'e2e-chromium-'));
const started = Date.now();
let context;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 860 },
  });
  const result = {
    chromium: context.browser()?.version() ?? null,
    allowedOrigin: await scenario(context, 'allowed-origin', allowedOrigin),
    otherOrigin: await scenario(context, 'other-origin', otherOrigin),
    swaggerUi: await scenario(context, 'swagger-ui', swaggerUi),
  };
  result.millis = Date.now() - started;
  writeFileSync(join(outDir, 'result.json'), JSON.stringify(result, null, 2));
  console.log(`browser e2e: done in ${result.millis} ms; results in ${join(outDir, 'result.json')}`);
} finally {
  await context?.close();
  servers.forEach((server) => server.close());
  rmSync(userDataDir, { recursive: true, force: true });
}
