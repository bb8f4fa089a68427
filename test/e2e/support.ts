import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { buildDeps, type Deps } from '../../src/deps.js';
import { keywordScorer } from '../../src/test-support/app.js';
import { createTestStore, type TestStore } from '../../src/test-support/stores.js';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(process.cwd(), 'test-artifacts');

/** In CI a missing Chromium fails loudly; elsewhere the browser tests are skipped with a message. */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`${CHROMIUM} is required in CI for the browser tests (apt-get install chromium)`);
  console.warn(`[e2e] ${CHROMIUM} not found: browser tests skipped outside CI`);
  return false;
}

/** A fresh build of the browser files, so the tests never run yesterday's widget. */
export function buildWeb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'agora-web-'));
  execFileSync(process.execPath, [join(process.cwd(), 'scripts/build-web.mjs'), '--outdir', dir], { stdio: 'pipe' });
  return dir;
}

export interface Stack {
  agora: string;
  host: string;
  deps: Deps;
  app: FastifyInstance;
  browser: BrowserContext;
  /** Sets the host page that /name serves. */
  page(name: string, html: (agora: string, host: string) => string): void;
  close(): Promise<void>;
}

/** A free port, so PUBLIC_URL (the origin the CSRF check expects) is the address the browser uses. */
async function freePort(): Promise<number> {
  const srv = createTcpServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

export interface StackOptions {
  site?: string;
  /** Extra Chromium switches. */
  args?: string[];
  /** Written to the profile's Default/Preferences before launch (e.g. the third-party cookie setting). */
  preferences?: Record<string, unknown>;
}

/** Agora on 127.0.0.1 with SQLite, a news site's pages on localhost (another origin), and Chromium. */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const webDir = buildWeb();
  const store: TestStore = await createTestStore('sqlite');
  const port = await freePort();
  const agora = `http://127.0.0.1:${port}`;
  const config = loadConfig({ DATABASE_URL: ':memory:', LOG_LEVEL: 'silent', PUBLIC_URL: agora });
  const deps = buildDeps(config, { store, scorer: keywordScorer });
  const app = await buildApp(deps, { logger: false, webDir });
  await app.listen({ port, host: '127.0.0.1' });

  const pages = new Map<string, (agora: string, host: string) => string>();
  const hostServer: Server = createServer((req, res) => {
    const name = (req.url ?? '/').split('?')[0]!.slice(1);
    const render = pages.get(name);
    if (!render) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(render(agora, host));
  });
  await new Promise<void>((resolve) => hostServer.listen(0, '127.0.0.1', resolve));
  const host = `http://localhost:${(hostServer.address() as { port: number }).port}`;
  await deps.sites.create({ id: opts.site ?? 'news', name: 'News', origins: [host] });

  mkdirSync(ARTIFACTS, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'agora-chromium-'));
  if (opts.preferences) {
    mkdirSync(join(profile, 'Default'));
    writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify(opts.preferences));
  }
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...(opts.args ?? [])],
    viewport: { width: 900, height: 900 },
  });
  return {
    agora,
    host,
    deps,
    app,
    browser,
    page: (name, html) => pages.set(name, html),
    async close() {
      await browser.close().catch(() => {});
      await new Promise((resolve) => hostServer.close(resolve));
      await app.close();
      await store.destroy();
      rmSync(profile, { recursive: true, force: true });
      rmSync(webDir, { recursive: true, force: true });
    },
  };
}

/** A host article page embedding the thread with one script tag. */
export function articlePage(opts: {
  identifier: string;
  site?: string;
  lang?: string;
  theme?: string;
  extraHead?: string;
  /** More data-* attributes on the script tag, e.g. { 'page-size': '3' }. */
  data?: Record<string, string>;
}) {
  const extra = Object.entries(opts.data ?? {})
    .map(([k, v]) => ` data-${k}="${v}"`)
    .join('');
  return (agora: string, host: string): string => `<!doctype html><html lang="${opts.lang ?? 'en'}"><head><meta charset="utf-8"><title>Story</title>
<style>/* a hostile host stylesheet the widget must not inherit */ li { color: red !important; list-style: square; } button { background: hotpink; }</style>${opts.extraHead ?? ''}</head>
<body><article><h1>A story</h1><p>Text.</p></article>
<script src="${agora}/embed.js" data-site="${opts.site ?? 'news'}" data-identifier="${opts.identifier}" data-url="${host}/${opts.identifier}" data-title="A story"${opts.lang ? ` data-lang="${opts.lang}"` : ''}${opts.theme ? ` data-theme="${opts.theme}"` : ''}${extra} async></script>
</body></html>`;
}

/** A promise a routed request can wait on (page.route) until the test lets it through. */
export function gate(): { held: Promise<void>; release: () => void } {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  return { held, release };
}

/**
 * Records the URL of each answer the page's code reads with fetch, once its JSON is parsed; the returned function
 * waits until `n` answers whose URL contains `part` were read. For a test that waits for a late answer to have been
 * handled, when handling it rightly changes nothing on screen. Call before the page loads.
 */
export async function recordAnswers(page: Page): Promise<(part: string, n: number) => Promise<unknown>> {
  await page.addInitScript(() => {
    const g = globalThis as unknown as { fetch: typeof fetch; agoraAnswers: string[] };
    const send = g.fetch;
    g.agoraAnswers = [];
    g.fetch = async (...args: Parameters<typeof fetch>) => {
      const res = await send(...args);
      const json = res.json.bind(res);
      const recorded = async (): Promise<unknown> => {
        try {
          return await json();
        } finally {
          g.agoraAnswers.push(String(args[0]));
        }
      };
      return Object.defineProperty(res, 'json', { value: recorded });
    };
  });
  return (part, n) =>
    page.waitForFunction(
      ({ part, n }) => (globalThis as unknown as { agoraAnswers: string[] }).agoraAnswers.filter((u) => u.includes(part)).length === n,
      { part, n },
    );
}
