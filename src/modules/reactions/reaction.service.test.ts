import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { services, siteWithStory } from '../../test-support/factories.js';
import { DIALECTS, postgresAvailable, storeSuite } from '../../test-support/stores.js';
import { CommentRepository } from '../comments/comment.repository.js';
import { ReportService } from '../reports/report.service.js';
import { ReactionService } from './reaction.service.js';
import { wilsonLowerBound } from './wilson.js';

const pgUp = await postgresAvailable();

describe('wilsonLowerBound', () => {
  it('ranks many good votes above one', () => {
    expect(wilsonLowerBound(0, 0)).toBe(0);
    expect(wilsonLowerBound(1, 0)).toBeCloseTo(0.2065, 3);
    expect(wilsonLowerBound(40, 5)).toBeGreaterThan(wilsonLowerBound(1, 0));
    expect(wilsonLowerBound(10, 0)).toBeGreaterThan(wilsonLowerBound(5, 0));
  });
});

describe.each(DIALECTS)('reactions and reports on %s', (dialect) => {
  const suite = storeSuite(dialect, pgUp);
  const run = suite.run;

  run('counts one reaction per voter and keeps best_score in step', async () => {
    const s = services(suite.store.db);
    const { story } = await siteWithStory(s, 'react');
    const { comment } = await s.comments.create({ storyId: story.id, body: 'good point', author: { name: 'A' } });
    const reactions = new ReactionService(suite.store.db, s.clock);
    expect(await reactions.react(comment.id, 'a:1')).toEqual({ commentId: comment.id, upvotes: 1, reacted: true });
    expect((await reactions.react(comment.id, 'a:1')).upvotes).toBe(1);
    expect((await reactions.react(comment.id, 'u:2')).upvotes).toBe(2);
    const row = await new CommentRepository(suite.store.db).findById(comment.id);
    expect(row?.upvotes).toBe(2);
    expect(Number(row?.best_score)).toBeCloseTo(wilsonLowerBound(2, 0), 6);
    expect(await reactions.mineInStory('a:1', story.id)).toEqual([comment.id]);
    expect(await reactions.mine('a:9', [comment.id])).toEqual([]);
    expect((await reactions.unreact(comment.id, 'a:1')).upvotes).toBe(1);
    expect((await reactions.unreact(comment.id, 'a:1')).upvotes).toBe(1);
    expect(Number((await new CommentRepository(suite.store.db).findById(comment.id))?.best_score)).toBeCloseTo(wilsonLowerBound(1, 0), 6);
  });

  run('refuses reactions to unpublished comments', async () => {
    const s = services(suite.store.db);
    const { story } = await siteWithStory(s, 'react-hidden');
    const { comment } = await s.comments.create({ storyId: story.id, body: 'x', author: { name: 'A' } });
    await s.comments.setStatus(comment.id, 'rejected');
    await expect(new ReactionService(suite.store.db, s.clock).react(comment.id, 'a:1')).rejects.toBeInstanceOf(AppError);
    await expect(new ReactionService(suite.store.db, s.clock).react('nope', 'a:1')).rejects.toMatchObject({ code: 'COMMENT_NOT_FOUND' });
  });

  run('takes one report per reporter per comment and tells the listeners', async () => {
    const s = services(suite.store.db);
    const { story } = await siteWithStory(s, 'report');
    const { comment } = await s.comments.create({ storyId: story.id, body: 'buy pills', author: { name: 'A' } });
    const events: string[] = [];
    let n = 0;
    const reports = new ReportService({ db: suite.store.db, clock: s.clock, ids: () => `r${++n}`, onEvent: (e) => events.push(`${e.type}:${e.comment.id}`) });
    const r = await reports.report({ commentId: comment.id, reporterKey: 'a:1', reason: 'spam', note: '  ad  ' });
    expect(r).toMatchObject({ commentId: comment.id, reason: 'spam' });
    await expect(reports.report({ commentId: comment.id, reporterKey: 'a:1', reason: 'abuse' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await reports.report({ commentId: comment.id, reporterKey: 'a:2', reason: 'other' });
    expect(events).toEqual([`comment.reported:${comment.id}`, `comment.reported:${comment.id}`]);
    const rows = await suite.store.db.selectFrom('reports').selectAll().where('comment_id', '=', comment.id).orderBy('id').execute();
    expect(rows.map((x) => [x.reason, x.note])).toEqual([['spam', 'ad'], ['other', null]]);
    await expect(reports.report({ commentId: 'nope', reporterKey: 'a:1', reason: 'spam' })).rejects.toMatchObject({ code: 'COMMENT_NOT_FOUND' });
  });
});
