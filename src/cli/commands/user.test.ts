import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { connect } from '../../db/connect.js';
import { packageRoot } from '../../lib/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'agora-cli-user-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const agora = (...args: string[]) =>
  spawnSync(process.execPath, [join(packageRoot(), 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(packageRoot(), 'src', 'cli', 'main.ts'), ...args], {
    env: { ...process.env, DATABASE_URL: join(dir, 'agora.db'), LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });

it('creates an admin from the command line, and refuses a duplicate or a bad role', async () => {
  const ok = agora('user', 'create', '--email', 'ops@example.org', '--role', 'admin', '--password', 'a long admin password');
  expect(ok.stderr).toBe('');
  expect(ok.stdout).toMatch(/^created admin \w+ <ops@example.org>/);
  const dup = agora('user', 'create', '--email', 'OPS@example.org');
  expect(dup.status).toBe(1);
  expect(dup.stderr).toMatch(/exists already/);
  expect(agora('user', 'create', '--email', 'x@example.org', '--role', 'root').status).toBe(2);
  const store = connect({ dialect: 'sqlite', url: join(dir, 'agora.db') });
  const row = await store.db.selectFrom('users').select(['role', 'password_hash', 'email_verified_at']).where('login_email', '=', 'ops@example.org').executeTakeFirstOrThrow();
  await store.close();
  expect(row.role).toBe('admin');
  expect(row.password_hash).toMatch(/^\$argon2id\$/);
  expect(row.email_verified_at).not.toBeNull();
});
