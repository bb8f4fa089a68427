import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot, sharedDir } from '../../src/lib/paths.js';

const CLI = join(packageRoot(), 'src', 'cli', 'main.ts');
const dir = mkdtempSync(join(tmpdir(), 'agora-crash-'));
const dbPath = join(dir, 'crash.db');
const env = { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: dbPath, AGORA_DEMO: 'false' };

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', '--port', '0', '--host', '127.0.0.1'], { cwd: packageRoot(), env });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /serving (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

describe('SQLite crash consistency', () => {
  it('keeps every acknowledged comment and an intact database after kill -9 during writes', async () => {
    const imported = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'import', 'page', join(sharedDir(), 'seed', 'page.txt'), '--site', 'news', '--url', 'https://news.example/pmu'], { cwd: packageRoot(), env, encoding: 'utf8' });
    expect(imported.status, imported.stderr).toBe(0);
    const storyId = /created story (\S+)/.exec(imported.stdout)![1]!;
    // This test is about durability, not abuse limits: lift the per-IP posting limit for the one loopback client.
    const setup = new Database(dbPath);
    setup
      .prepare("update sites set settings = json_set(settings, '$.rateLimits.postsPerMinutePerIp', 1000000, '$.rateLimits.postsPerMinutePerUser', 1000000) where id = 'news'")
      .run();
    setup.close();

    const { child, url } = await startServer();
    const acknowledged: string[] = [];
    let stop = false;
    const writer = async (w: number) => {
      // Bounded: at most 400 posts per writer, and the kill below ends it within seconds.
      for (let i = 0; i < 400 && !stop; i++) {
        try {
          const res = await fetch(`${url}/api/v1/stories/${storyId}/comments`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ body: `Writer ${w} says number ${i} is fine.`, author: { name: `writer-${w}-${i % 50}` } }),
          });
          if (res.status === 201) acknowledged.push(((await res.json()) as { comment: { id: string } }).comment.id);
        } catch {
          return; // the server is gone
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, w) => writer(w));
    const deadline = Date.now() + 10_000;
    while (acknowledged.length < 150 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    stop = true;
    await exited;
    await Promise.all(writers);
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);

    const db = new Database(dbPath);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      const present = new Set(db.prepare('select id from comments where story_id = ?').pluck().all(storyId) as string[]);
      const missing = acknowledged.filter((id) => !present.has(id));
      expect(missing).toEqual([]);
      const story = db.prepare('select comment_count from stories where id = ?').get(storyId) as { comment_count: number };
      const approved = db.prepare("select count(*) from comments where story_id = ? and status = 'approved'").pluck().get(storyId);
      expect(story.comment_count).toBe(approved);
    } finally {
      db.close();
    }
  }, 90_000);
});
