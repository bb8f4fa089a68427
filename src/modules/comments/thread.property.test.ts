import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { AppError } from '../../errors.js';
import { services, siteWithStory } from '../../test-support/factories.js';
import { DIALECTS, postgresAvailable, storeSuite } from '../../test-support/stores.js';
import { isVisible } from './comment.service.js';
import { ThreadService } from './thread.service.js';

type Op =
  | { kind: 'post'; text: string }
  | { kind: 'reply'; to: number; text: string }
  | { kind: 'edit'; which: number; text: string }
  | { kind: 'delete'; which: number }
  | { kind: 'moderate'; which: number; status: 'approved' | 'pending' | 'rejected' };

const text = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('post' as const), text }),
  fc.record({ kind: fc.constant('reply' as const), to: fc.nat(), text }),
  fc.record({ kind: fc.constant('edit' as const), which: fc.nat(), text }),
  fc.record({ kind: fc.constant('delete' as const), which: fc.nat() }),
  fc.record({ kind: fc.constant('moderate' as const), which: fc.nat(), status: fc.constantFrom('approved' as const, 'pending' as const, 'rejected' as const) }),
);

const pgUp = await postgresAvailable();

describe.each(DIALECTS)('thread invariants under random operations on %s', (dialect) => {
  const suite = storeSuite(dialect, pgUp);
  const run = suite.run;
  let siteNo = 0;

  run('never orphans a reply, keeps every count exact, and lists exactly the visible comments', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const s = services(suite.store.db);
        const { story } = await siteWithStory(s, `p${dialect[0]}${siteNo++}`);
        const made: Array<{ id: string; key: string }> = [];
        for (const o of ops) {
          s.clock.advance(1000);
          const pick = (n: number) => made[n % Math.max(1, made.length)];
          try {
            if (o.kind === 'post') {
              const r = await s.comments.create({ storyId: story.id, body: o.text, author: { name: 'p' } });
              made.push({ id: r.comment.id, key: r.editKey });
            } else if (o.kind === 'reply' && made.length) {
              const r = await s.comments.create({ storyId: story.id, parentId: pick(o.to)!.id, body: o.text, author: { name: 'r' } });
              made.push({ id: r.comment.id, key: r.editKey });
            } else if (o.kind === 'edit' && made.length) {
              const c = pick(o.which)!;
              await s.comments.edit(c.id, { body: o.text, editKey: c.key });
            } else if (o.kind === 'delete' && made.length) {
              const c = pick(o.which)!;
              await s.comments.deleteOwn(c.id, c.key);
            } else if (o.kind === 'moderate' && made.length) {
              await s.comments.setStatus(pick(o.which)!.id, o.status);
            }
          } catch (err) {
            // Refusals (reply to a hidden comment, act on a deleted one) are allowed; anything else is a bug.
            if (!(err instanceof AppError)) throw err;
          }
        }

        const rows = await suite.store.db.selectFrom('comments').selectAll().where('story_id', '=', story.id).execute();
        const byId = new Map(rows.map((r) => [r.id, r]));
        for (const r of rows) {
          if (r.parent_id) expect(byId.has(r.parent_id)).toBe(true);
          const visibleChildren = rows.filter((c) => c.parent_id === r.id && isVisible(c)).length;
          expect(r.reply_count).toBe(visibleChildren);
        }
        const storyRow = await suite.store.db.selectFrom('stories').select('comment_count').where('id', '=', story.id).executeTakeFirstOrThrow();
        expect(storyRow.comment_count).toBe(rows.filter((r) => r.status === 'approved').length);

        const listed: string[] = [];
        let cursor: string | undefined;
        for (let guard = 0; guard < 20; guard++) {
          const page = await new ThreadService(suite.store.db).storyThread(story.id, { sort: 'oldest', limit: 5, ...(cursor ? { cursor } : {}) });
          listed.push(...page.comments.map((c) => c.id));
          if (!page.nextCursor) break;
          cursor = page.nextCursor;
        }
        const expected = rows.filter((r) => r.parent_id === null && isVisible(r)).map((r) => r.id);
        expect(listed.sort()).toEqual(expected.sort());
      }),
      { numRuns: dialect === 'sqlite' ? 60 : 15, seed: 20261125 },
    );
  }, 120_000);
});
