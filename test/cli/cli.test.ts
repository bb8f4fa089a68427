import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot, sharedDir } from '../../src/lib/paths.js';
import { PG_URL, postgresAvailable } from '../../src/test-support/stores.js';

const CLI = join(packageRoot(), 'src', 'cli', 'main.ts');
const SEED = join(sharedDir(), 'seed', 'page.txt');

function agora(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: packageRoot(),
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const pgUp = await postgresAvailable();
const dir = mkdtempSync(join(tmpdir(), 'agora-cli-'));
const schema = `cli_${process.pid}`;
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (pgUp) {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
  }
});

const stores: Array<{ name: string; env: Record<string, string>; skip: boolean }> = [
  { name: 'sqlite', env: { DATABASE_URL: join(dir, 'cli.db') }, skip: false },
  { name: 'postgres', env: { DATABASE_URL: PG_URL, DATABASE_SCHEMA: schema }, skip: !pgUp },
];

describe.each(stores)('agora CLI on $name', ({ env, skip }) => {
  const run = skip ? it.skip : it;

  run('migrates, imports the seed page once, and exports it as JSON', () => {
    expect(agora(['migrate'], env).code).toBe(0);
    const first = agora(['import', 'page', SEED, '--site', 'news', '--url', 'https://news.example/pmu'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/created story .* "PMU Commander Denies/);
    expect(first.stdout).toMatch(/comments: 12 imported/);
    const again = agora(['import', 'page', SEED, '--site', 'news', '--url', 'https://news.example/pmu'], env);
    expect(again.stdout).toMatch(/comments: 0 imported .* 12 already present/);
    const out = join(dir, `export-${env.DATABASE_SCHEMA ?? 'sqlite'}.json`);
    const exp = agora(['export', '--format', 'json', '--site', 'news', '--out', out], env);
    expect(exp.code).toBe(0);
    const data = JSON.parse(readFileSync(out, 'utf8'));
    expect(data.format).toBe('agora');
    const story = data.sites[0].stories[0];
    expect(story.title).toMatch(/^PMU Commander/);
    expect(story.image.credit).toBe('Reuters');
    expect(story.comments).toHaveLength(12);
    const byAuthor = (name: string) => story.comments.filter((c: { author: { name: string } }) => c.author.name === name);
    expect(byAuthor('Vitex')[0].parentId).toBe(byAuthor('Mehmet Aslanak')[0].id);
  });

  run('reports bad input in words with a non-zero exit', () => {
    const missing = agora(['import', 'page', join(dir, 'nope.txt')], env);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/cannot read/);
    const format = agora(['export', '--format', 'xml'], env);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/unknown format/);
  });
});

describe('agora serve', () => {
  it('serves the demo site on a fresh SQLite store and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', '--port', '0', '--host', '127.0.0.1'], {
      cwd: packageRoot(),
      env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: join(dir, 'serve.db') },
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /serving (http:\/\/\S+)/.exec(out);
          if (m?.[1]) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const front = await (await fetch(`${url}/`)).text();
      expect(front.match(/<li class="story-card">/g)?.length).toBe(3);
      const story = /href="(\/stories\/[^"#]+)"/.exec(front)![1];
      const page = await (await fetch(`${url}${story}`)).text();
      expect(page).toMatch(/data-comment-id="/);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  });
});

describe('agora classify', () => {
  it('streams one score line per input line, in order, from stdin to stdout', () => {
    const texts = ['Thanks for the careful reporting.', 'You are a worthless idiot', 'f u c k you'];
    const input = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: i, text: texts[i % 3] })).join('\n');
    const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'classify'], {
      cwd: packageRoot(),
      input: `${input}\n{"id":"bad"}\n`,
      encoding: 'utf8',
      timeout: 60_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(out).toHaveLength(3001);
    expect(out.slice(0, 3000).map((o) => o.id)).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    expect(out[1].scores.TOXICITY).toBeGreaterThan(out[0].scores.TOXICITY);
    expect(out[3000]).toEqual({ id: 'bad', error: 'missing string field "text"' });
  });
});
