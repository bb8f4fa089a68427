import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../e2e/support.js';

/** Size budgets of the embed, checked on a fresh production build (CI runs this with the rest of the suite). */
const BUDGETS = { loader: 3 * 1024, count: 3 * 1024, widget: 25 * 1024 };
const gz = (file: string): number => gzipSync(readFileSync(file), { level: 9 }).length;

describe('browser bundle budgets (gzip)', () => {
  const dir = buildWeb();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`keeps the loader within ${BUDGETS.loader} bytes and the count script within ${BUDGETS.count}`, () => {
    expect(gz(join(dir, 'embed.js'))).toBeLessThanOrEqual(BUDGETS.loader);
    expect(gz(join(dir, 'count.js'))).toBeLessThanOrEqual(BUDGETS.count);
  });

  it(`keeps the whole widget (JS with its CSS) within ${BUDGETS.widget} bytes`, () => {
    const files = readdirSync(join(dir, 'widget')).filter((f) => f.endsWith('.js') || f.endsWith('.css'));
    expect(files.some((f) => /^widget-[A-Z0-9]+\.js$/.test(f))).toBe(true);
    const total = files.reduce((sum, f) => sum + gz(join(dir, 'widget', f)), 0) + gz(join(dir, 'embed.js'));
    expect(total).toBeLessThanOrEqual(BUDGETS.widget);
  });

  it('never bundles server code into browser files', () => {
    const widget = readdirSync(join(dir, 'widget')).find((f) => f.endsWith('.js'))!;
    const text = readFileSync(join(dir, 'widget', widget), 'utf8');
    expect(text).not.toMatch(/kysely|fastify|markdown-it|node:/);
  });
});
