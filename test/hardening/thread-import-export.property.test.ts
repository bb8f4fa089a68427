import type { InjectOptions } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportAgoraJson } from '../../src/exporters/agora-json.js';
import { importAgoraJson } from '../../src/importers/agora-json.js';
import { memoryOut, stringInput } from '../../src/importers/test-helpers.js';
import { isVisible } from '../../src/modules/comments/comment.service.js';
import { createTestApp, type TestApp } from '../../src/test-support/app.js';
import { DIALECTS, postgresAvailable } from '../../src/test-support/stores.js';
import { userWithRole } from '../../src/test-support/users.js';
import { expectClientSafe } from './support.js';

/**
 * Extends src/modules/comments/thread.property.test.ts (services, no HTTP) to the API and to the store's way in
 * and out: random interleavings of post, reply, edit, delete, a moderator's decision (the workspace's decision
 * service, over HTTP), an import of the site's own export, and export. Never a 5xx, never an orphan, counts
 * exact, and export → import into an empty store → export gives the same document.
 */
type Op =
  | { kind: 'post'; text: string }
  | { kind: 'reply'; to: number; text: string }
  | { kind: 'edit'; which: number; text: string }
  | { kind: 'delete'; which: number }
  | { kind: 'decide'; which: number; action: 'approve' | 'reject' | 'feature' | 'pin' | 'unfeature'; expected: 'approved' | 'pending' | 'rejected' }
  | { kind: 'reimport' }
  | { kind: 'export' };

const text = fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.constantFrom('<script>x</script>', '**bold** [l](javascript:x)', '\u202Eabc', '😀'.repeat(5)));
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('post' as const), text }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('reply' as const), to: fc.nat(), text }) },
  fc.record({ kind: fc.constant('edit' as const), which: fc.nat(), text }),
  fc.record({ kind: fc.constant('delete' as const), which: fc.nat() }),
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('decide' as const),
      which: fc.nat(),
      action: fc.constantFrom('approve' as const, 'reject' as const, 'feature' as const, 'pin' as const, 'unfeature' as const),
      expected: fc.constantFrom('approved' as const, 'pending' as const, 'rejected' as const),
    }),
  },
  fc.constant({ kind: 'reimport' as const }),
  fc.constant({ kind: 'export' as const }),
);

const pgUp = await postgresAvailable();

describe.each(DIALECTS)('thread operations with import and export on %s', (dialect) => {
  let src: TestApp;
  let dst: TestApp;
  let mod: Record<string, string>;
  const skip = dialect === 'postgres' && !pgUp;
  beforeAll(async () => {
    if (skip) return;
    src = await createTestApp(dialect);
    dst = await createTestApp(dialect);
    mod = (await userWithRole(src.deps, 'admin', { siteId: 'unused' })).headers;
  });
  afterAll(async () => {
    await src?.close();
    await dst?.close();
  });
  let siteNo = 0;

  const exportSite = async (t: TestApp, siteId: string) => {
    const m = memoryOut();
    await exportAgoraJson({ db: t.store.db, out: m.out, siteId, now: 0 });
    return m.text();
  };

  it.skipIf(skip)('keeps the thread consistent and round-trips it exactly', { timeout: 150_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 20 }), async (ops) => {
        const siteId = `h${dialect[0]}${siteNo++}`;
        const limits = { postsPerMinutePerIp: 1e6, postsPerMinutePerUser: 1e6, signInsPer15MinPerIp: 1e6, signUpsPerHourPerIp: 1e6 };
        await src.deps.sites.create({ id: siteId, name: 'P', origins: ['https://p.example'], settings: { rateLimits: limits } });
        const story = await src.deps.stories.create({ siteId, url: `https://p.example/${siteId}`, title: 'P' });
        const made: Array<{ id: string; key: string }> = [];
        const pick = (n: number) => made[n % Math.max(1, made.length)]!;
        const call = async (what: string, req: InjectOptions) => {
          const res = await src.app.inject(req);
          expectClientSafe(res, what);
          return res;
        };
        for (const o of ops) {
          src.clock.advance(1000);
          if (o.kind === 'post' || (o.kind === 'reply' && made.length)) {
            const parentId = o.kind === 'reply' ? pick(o.to).id : undefined;
            const res = await call(o.kind, { method: 'POST', url: `/api/v1/stories/${story.id}/comments`, payload: { body: o.text, author: { name: 'p' }, warning: 'acknowledged', ...(parentId ? { parentId } : {}) } });
            if (res.statusCode === 201) made.push({ id: res.json().comment.id, key: res.json().editKey });
          } else if (o.kind === 'edit' && made.length) {
            const c = pick(o.which);
            await call('edit', { method: 'PATCH', url: `/api/v1/comments/${c.id}`, headers: { 'x-edit-key': c.key }, payload: { body: o.text } });
          } else if (o.kind === 'delete' && made.length) {
            const c = pick(o.which);
            await call('delete', { method: 'DELETE', url: `/api/v1/comments/${c.id}`, headers: { 'x-edit-key': c.key } });
          } else if (o.kind === 'decide' && made.length) {
            const url = `/api/v1/admin/sites/${siteId}/comments/${pick(o.which).id}/decisions`;
            await call('decide', { method: 'POST', url, headers: mod, payload: { action: o.action, expectedStatus: o.expected } });
          } else if (o.kind === 'reimport') {
            // Importing the site's own export into itself adds nothing: every comment is already there.
            const doc = await exportSite(src, siteId);
            await importAgoraJson(src.deps, { input: stringInput(doc), siteId });
            expect(await exportSite(src, siteId)).toBe(doc);
          } else if (o.kind === 'export') {
            const doc = JSON.parse(await exportSite(src, siteId)) as { sites: Array<{ stories: Array<{ comments: unknown[] }> }> };
            const rows = await src.store.db.selectFrom('comments').select('id').where('story_id', '=', story.id).execute();
            expect(doc.sites[0]!.stories[0]!.comments).toHaveLength(rows.length);
          }
        }

        const rows = await src.store.db.selectFrom('comments').selectAll().where('story_id', '=', story.id).execute();
        const byId = new Map(rows.map((r) => [r.id, r]));
        for (const r of rows) {
          if (r.parent_id) expect(byId.has(r.parent_id), `orphan ${r.id}`).toBe(true);
          expect(Number(r.reply_count)).toBe(rows.filter((c) => c.parent_id === r.id && isVisible(c)).length);
        }
        const storyRow = await src.store.db.selectFrom('stories').select('comment_count').where('id', '=', story.id).executeTakeFirstOrThrow();
        expect(Number(storyRow.comment_count)).toBe(rows.filter((r) => r.status === 'approved').length);
        const thread = await call('thread', { url: `/api/v1/stories/${story.id}/comments?sort=oldest&limit=100` });
        expect(thread.statusCode).toBe(200);

        const first = await exportSite(src, siteId);
        await importAgoraJson(dst.deps, { input: stringInput(first) });
        expect(await exportSite(dst, siteId)).toBe(first);
      }),
      { numRuns: dialect === 'sqlite' ? 100 : 20, seed: 20261126 },
    );
  });
});
