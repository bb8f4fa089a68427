import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { sql } from 'kysely';
import { describe, expect } from 'vitest';
import type { Db } from '../../db/database.js';
import { services, siteWithStory } from '../../test-support/factories.js';
import { DIALECTS, postgresAvailable, storeSuite } from '../../test-support/stores.js';
import { ThreadService } from './thread.service.js';

/** Counts the queries a piece of code runs (one result per executed query; subqueries do not count). */
class QueryCounter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.count++;
    return args.result;
  }
}

const pgUp = await postgresAvailable();

describe.each(DIALECTS)('thread reads on %s', (dialect) => {
  const suite = storeSuite(dialect, pgUp);
  const run = suite.run;

  /** A story with `top` top-level comments, each with `replies` replies, each of those with one reply. */
  async function seed(siteId: string, top: number, replies: number): Promise<string> {
    const s = services(suite.store.db);
    const { story } = await siteWithStory(s, siteId);
    for (let i = 0; i < top; i++) {
      s.clock.advance(1000);
      const c = await s.comments.create({ storyId: story.id, body: `top ${i}`, author: { name: `a${i % 7}` } });
      for (let j = 0; j < replies; j++) {
        const r = await s.comments.create({ storyId: story.id, parentId: c.comment.id, body: `reply ${j}`, author: { name: 'r' } });
        await s.comments.create({ storyId: story.id, parentId: r.comment.id, body: 'deeper', author: { name: 'd' } });
      }
    }
    return story.id;
  }

  async function queriesFor(db: Db, storyId: string): Promise<number> {
    const counter = new QueryCounter();
    const threads = new ThreadService(db.withPlugin(counter));
    const page = await threads.storyThread(storyId, { limit: 20, repliesPerComment: 3, replyDepth: 2 });
    expect(page.comments.length).toBeGreaterThan(0);
    return counter.count;
  }

  run('costs the same number of queries for a small and a large story (no N+1)', async () => {
    const small = await seed('small', 2, 1);
    const large = await seed('large', 40, 6);
    const a = await queriesFor(suite.store.db, small);
    const b = await queriesFor(suite.store.db, large);
    expect(a).toBe(b);
    expect(b).toBeLessThanOrEqual(4);
  });

  run('reads the top level through the thread index', async () => {
    if (dialect !== 'sqlite') return;
    const plan = await sql<{ detail: string }>`explain query plan
      select * from comments where story_id = ${'x'} and parent_id is null and status = 'approved'
      order by created_at desc, id desc limit 21`.execute(suite.store.db);
    expect(plan.rows.map((r) => r.detail).join(' ')).toMatch(/USING (COVERING )?INDEX comments_thread/);
  });
});
