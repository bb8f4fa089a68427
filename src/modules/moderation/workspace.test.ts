import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { createTestApp, type TestApp } from '../../test-support/app.js';
import { DIALECTS, postgresAvailable } from '../../test-support/stores.js';
import type { Actor } from '../users/user.model.js';
import { auditCsv } from './audit.service.js';

const pgUp = await postgresAvailable();

async function actorFor(t: TestApp, email: string, siteRole?: 'moderator', siteId = 'news', global?: 'admin'): Promise<Actor> {
  const user = await t.deps.users.createLocal({ email, displayName: email.split('@')[0]!, verified: true, ...(global ? { role: global } : {}) });
  if (siteRole) await t.deps.users.setMembership(siteId, user.id, { role: siteRole });
  return (await t.deps.users.actor(user.id, { id: `s-${user.id}`, kind: 'cookie', siteId: null }))!;
}

const code = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
};

describe.each(DIALECTS)('moderation workspace on %s', (dialect) => {
  let t: TestApp;
  let storyId: string;
  let otherStoryId: string;
  let mod: Actor;
  let otherMod: Actor;
  let commenter: Actor;
  const skip = dialect === 'postgres' && !pgUp;
  const run = skip ? it.skip : it;

  const post = async (body: string, name = 'Ada', story = storyId) => {
    t.clock.advance(1000);
    return (await t.deps.comments.create({ storyId: story, body, author: { name }, warning: 'acknowledged' })).comment;
  };

  beforeAll(async () => {
    if (skip) return;
    t = await createTestApp(dialect);
    await t.deps.sites.create({ id: 'news', name: 'News', origins: ['https://news.example'] });
    await t.deps.sites.create({ id: 'other', name: 'Other', origins: ['https://other.example'] });
    storyId = (await t.deps.stories.create({ siteId: 'news', url: 'https://news.example/a', title: 'Budget vote' })).id;
    otherStoryId = (await t.deps.stories.create({ siteId: 'other', url: 'https://other.example/a', title: 'Elsewhere' })).id;
    mod = await actorFor(t, 'mod@example.org', 'moderator');
    otherMod = await actorFor(t, 'othermod@example.org', 'moderator', 'other');
    commenter = await actorFor(t, 'reader@example.org');
  });
  afterAll(async () => t?.close());

  run('records the pipeline decision of every new and edited comment, with its scores', async () => {
    const w = t.deps.moderationWorkspace;
    const toxic = await post('You idiot, nobody asked');
    expect(toxic.status).toBe('pending');
    await w.audit.settled();
    const { entries } = await w.audit.list({ siteId: 'news', commentId: toxic.id }, { limit: 10 });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: 'pipeline', action: 'pipeline', toStatus: 'pending', fromStatus: null });
    expect(entries[0]!.reason).toContain('toxicity');
    const item = await w.queue.get('news', toxic.id);
    expect(item.scores?.TOXICITY).toBeCloseTo(0.97);
    expect(item.story.title).toBe('Budget vote');
    expect(item.reasons.some((r) => r.phase === 'toxicity')).toBe(true);
  });

  run('approves, rejects with a reason, refuses a stale decision, and undoes', async () => {
    const w = t.deps.moderationWorkspace;
    const events: string[] = [];
    const listener = (e: { type: string; reason: string | null }) => events.push(`${e.type}:${e.reason ?? ''}`);
    w.events.add(listener);
    const a = await post('Scum, all of you');
    const b = await post('Idiot take');
    const before = await w.queue.counts({ siteId: 'news' });

    const approved = await w.decisions.decide(mod, { siteId: 'news', commentId: a.id, action: 'approve', expectedStatus: 'pending' });
    expect(approved.status).toBe('approved');
    expect(approved.reviewed).toBe(true);
    // A second moderator who saw it pending is told it moved on; nothing changes.
    expect(await code(w.decisions.decide(mod, { siteId: 'news', commentId: a.id, action: 'reject', expectedStatus: 'pending' }))).toBe('CONFLICT');
    expect((await w.queue.get('news', a.id)).status).toBe('approved');

    const rejected = await w.decisions.decide(mod, { siteId: 'news', commentId: b.id, action: 'reject', expectedStatus: 'pending', reason: 'Personal attack' });
    expect(rejected.status).toBe('rejected');
    expect(events).toContain('comment.rejected:Personal attack');
    // Recorded on the comment, where the rejection email finds the moderator's words.
    const reasons = (await t.store.db.selectFrom('comments').select('reasons').where('id', '=', b.id).executeTakeFirstOrThrow()).reasons;
    expect(JSON.parse(reasons)).toContainEqual({ phase: 'moderator', reason: 'Personal attack' });

    const after = await w.queue.counts({ siteId: 'news' });
    expect(after.pending).toBe(before.pending - 2);
    expect(after.rejected).toBe(before.rejected + 1);
    expect((await t.deps.stories.get(storyId)).commentCount).toBeGreaterThanOrEqual(1);

    const undone = await w.decisions.undo(mod, 'news', b.id);
    expect(undone.status).toBe('pending');
    expect(await code(w.decisions.undo(mod, 'news', b.id))).toBe('CONFLICT');
    const log = (await w.audit.list({ siteId: 'news', commentId: b.id }, { limit: 10 })).entries;
    expect(log.map((e) => e.action)).toEqual(['undo', 'reject', 'pipeline']);
    expect(log[1]).toMatchObject({ fromStatus: 'pending', toStatus: 'rejected', reason: 'Personal attack', undone: true });
    w.events.delete(listener);
  });

  run('features and pins published comments only, and undoes a feature', async () => {
    const w = t.deps.moderationWorkspace;
    const ok = await post('A thoughtful point about the budget');
    const held = await post('idiot');
    expect((await w.decisions.decide(mod, { siteId: 'news', commentId: ok.id, action: 'feature' })).featured).toBe(true);
    expect((await w.decisions.decide(mod, { siteId: 'news', commentId: ok.id, action: 'pin' })).pinned).toBe(true);
    expect(await code(w.decisions.decide(mod, { siteId: 'news', commentId: held.id, action: 'feature' }))).toBe('CONFLICT');
    const undone = await w.decisions.undo(mod, 'news', ok.id);
    expect(undone.pinned).toBe(false);
    expect(undone.featured).toBe(true);
  });

  run('checks permissions: commenters, other sites and unknown ids get a 4xx and change nothing', async () => {
    const w = t.deps.moderationWorkspace;
    const c = await post('hate you');
    expect(await code(w.decisions.decide(commenter, { siteId: 'news', commentId: c.id, action: 'approve', expectedStatus: 'pending' }))).toBe('FORBIDDEN');
    expect(await code(w.decisions.decide(otherMod, { siteId: 'news', commentId: c.id, action: 'approve', expectedStatus: 'pending' }))).toBe('FORBIDDEN');
    // A moderator of the other site, acting through that site, cannot reach this comment either.
    expect(await code(w.decisions.decide(otherMod, { siteId: 'other', commentId: c.id, action: 'approve', expectedStatus: 'pending' }))).toBe('COMMENT_NOT_FOUND');
    expect(await code(w.decisions.decide(mod, { siteId: 'news', commentId: 'nope', action: 'approve' }))).toBe('COMMENT_NOT_FOUND');
    expect((await w.queue.get('news', c.id)).status).toBe('pending');
    const admin = await actorFor(t, 'admin@example.org', undefined, 'news', 'admin');
    expect((await w.decisions.decide(admin, { siteId: 'news', commentId: c.id, action: 'approve', expectedStatus: 'pending' })).status).toBe('approved');
  });

  run('acts on many comments at once, each on its own', async () => {
    const w = t.deps.moderationWorkspace;
    const x = await post('idiot one');
    const y = await post('idiot two');
    await w.decisions.decide(mod, { siteId: 'news', commentId: y.id, action: 'approve', expectedStatus: 'pending' });
    const results = await w.decisions.decideMany(mod, 'news', 'reject', [
      { commentId: x.id, expectedStatus: 'pending' },
      { commentId: y.id, expectedStatus: 'pending' },
      { commentId: 'missing' },
    ]);
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['ok', 'CONFLICT', 'COMMENT_NOT_FOUND']);
  });

  run('lists the queues, per site and per story, with reports', async () => {
    const w = t.deps.moderationWorkspace;
    const fine = await post('Perfectly fine remark', 'Cy');
    await t.deps.reports.report({ commentId: fine.id, reporterKey: 'r1', reason: 'spam', note: 'looks like an ad' });
    const reported = await w.queue.list({ siteId: 'news', queue: 'reported', limit: 50 });
    const item = reported.items.find((i) => i.id === fine.id);
    expect(item?.reports).toEqual([expect.objectContaining({ reason: 'spam', note: 'looks like an ad' })]);
    const unmod = await w.queue.list({ siteId: 'news', queue: 'unmoderated', limit: 50 });
    expect(unmod.items.some((i) => i.id === fine.id)).toBe(true);
    await w.decisions.decide(mod, { siteId: 'news', commentId: fine.id, action: 'approve', expectedStatus: 'approved' });
    expect((await w.queue.list({ siteId: 'news', queue: 'unmoderated', limit: 50 })).items.some((i) => i.id === fine.id)).toBe(false);
    expect((await w.queue.list({ siteId: 'news', queue: 'reported', limit: 50 })).items.some((i) => i.id === fine.id)).toBe(false);
    const flagged = await w.queue.list({ siteId: 'news', queue: 'flagged', limit: 50 });
    expect(flagged.items.length).toBeGreaterThan(0);
    expect(flagged.items.every((i) => i.reasons.some((r) => r.phase === 'toxicity'))).toBe(true);
    await post('idiot elsewhere', 'Dee', otherStoryId);
    const counts = await w.queue.counts({ siteId: 'news', storyId });
    const pending = await w.queue.list({ siteId: 'news', storyId, queue: 'pending', limit: 2 });
    expect(pending.items.length).toBeLessThanOrEqual(2);
    const all: string[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await w.queue.list({ siteId: 'news', storyId, queue: 'pending', limit: 2, ...(cursor ? { cursor } : {}) });
      all.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(all).toHaveLength(counts.pending);
    expect((await w.queue.counts({ siteId: 'other' })).pending).toBe(1);
  });

  run('searches by text, author, status and score range', async () => {
    const w = t.deps.moderationWorkspace;
    const hit = await post('The harbour bridge tolls are far too high', 'Eliza Fenwick');
    await post('Bridge tolls? idiot idea', 'Fred');
    const byText = await w.search.search({ siteId: 'news', text: 'harbour tolls', limit: 10 });
    expect(byText.items.map((i) => i.id)).toEqual([hit.id]);
    const byWords = await w.search.search({ siteId: 'news', text: 'bridge', limit: 10 });
    expect(byWords.items).toHaveLength(2);
    expect((await w.search.search({ siteId: 'news', text: 'bridge', minScore: 0.5, limit: 10 })).items.map((i) => i.author.name)).toEqual(['Fred']);
    expect((await w.search.search({ siteId: 'news', author: 'fenw', limit: 10 })).items.map((i) => i.id)).toEqual([hit.id]);
    expect((await w.search.search({ siteId: 'news', text: 'bridge', status: 'pending', limit: 10 })).items.map((i) => i.author.name)).toEqual(['Fred']);
    // FTS syntax in the query is text, not an operator; other sites are never searched.
    expect((await w.search.search({ siteId: 'news', text: '"bridge" OR NEAR(', limit: 10 })).items).toHaveLength(0);
    expect((await w.search.search({ siteId: 'other', text: 'bridge', limit: 10 })).items).toHaveLength(0);
    // Edits reach the index.
    await t.deps.comments.edit(hit.id, { body: 'The ferry fares are far too high', userId: '' }).catch(() => undefined);
  });

  run('keeps notes on an author and changes an account holder’s standing through the accounts service', async () => {
    const w = t.deps.moderationWorkspace;
    const guest = await post('idiot guest', 'Guest Gus');
    const note = await w.notes.addNote(mod, 'news', guest.author_id, 'Warned once by email');
    expect(note.body).toBe('Warned once by email');
    const history = await w.notes.history(mod, 'news', guest.author_id);
    expect(history.notes.map((n) => n.body)).toEqual(['Warned once by email']);
    expect(history.standing).toBeNull();
    expect(history.counts.pending).toBe(1);
    expect(await code(w.notes.setStanding(mod, 'news', guest.author_id, { banned: true }))).toBe('VALIDATION');
    expect(await code(w.notes.history(otherMod, 'news', guest.author_id))).toBe('FORBIDDEN');
    expect(await code(w.notes.history(otherMod, 'other', guest.author_id))).toBe('NOT_FOUND');

    const user = await t.deps.users.createLocal({ email: 'writer@example.org', displayName: 'Writer', verified: true });
    t.clock.advance(1000);
    const own = (await t.deps.comments.create({ storyId, body: 'signed in comment', author: { name: 'Writer' }, user: { userId: user.id, premoderated: false } })).comment;
    const updated = await w.notes.setStanding(mod, 'news', own.author_id, { premoderated: true, suspendedUntil: t.clock() + 86_400_000 });
    expect(updated.standing?.site.premoderated).toBe(true);
    expect(updated.standing?.site.suspendedUntil).not.toBeNull();
    expect((await t.deps.users.membership('news', user.id))?.premoderated).toBe(true);
    const log = await w.audit.list({ siteId: 'news', action: 'premoderate' }, { limit: 5 });
    expect(log.entries[0]?.targetUserId).toBe(user.id);
  });

  run('validates and audits settings changes (admins only)', async () => {
    const w = t.deps.moderationWorkspace;
    const admin = (await t.deps.users.findByLoginEmail('admin@example.org'))!;
    const adminActor = (await t.deps.users.actor(admin.id, { id: 'sa', kind: 'cookie', siteId: null }))!;
    expect(await code(w.settings.update(mod, 'news', { editWindowSeconds: 60 }))).toBe('FORBIDDEN');
    expect(await code(w.settings.update(adminActor, 'news', { moderation: { toxicity: { hold: 0.9, reject: 0.5 } } }))).toBe('VALIDATION');
    expect(await code(w.settings.update(adminActor, 'news', { origins: ['ftp://x'] }))).toBe('VALIDATION');
    const s = await w.settings.update(adminActor, 'news', { editWindowSeconds: 60, moderation: { bannedWords: ['spamword', ' spamword '], toxicity: { hold: 0.7 } } });
    expect(s.editWindowSeconds).toBe(60);
    expect(s.moderation.bannedWords).toEqual(['spamword']);
    expect(s.moderation.toxicity).toMatchObject({ hold: 0.7, reject: 1.01 });
    const entry = (await w.audit.list({ siteId: 'news', action: 'settings' }, { limit: 1 })).entries[0]!;
    expect(Object.keys(entry.details.changed as object).sort()).toEqual(['editWindowSeconds', 'moderation.bannedWords', 'moderation.toxicity.hold']);
    // The pipeline reads the stored policy.
    expect((await post('buy spamword now')).status).toBe('rejected');
  });

  run('filters and exports the audit log', async () => {
    const w = t.deps.moderationWorkspace;
    await w.audit.settled();
    const modId = mod.kind === 'user' ? mod.user.id : '';
    const mine = await w.audit.list({ siteId: 'news', actor: modId }, { limit: 500 });
    expect(mine.entries.length).toBeGreaterThan(3);
    expect(mine.entries.every((e) => e.actor === modId)).toBe(true);
    const first = await w.audit.list({ siteId: 'news' }, { limit: 2 });
    const second = await w.audit.list({ siteId: 'news' }, { limit: 2, cursor: first.nextCursor! });
    expect(second.entries[0]!.id).not.toBe(first.entries[1]!.id);
    expect((await w.audit.list({ siteId: 'news', from: t.clock() + 1 }, { limit: 5 })).entries).toHaveLength(0);
    const csv = auditCsv([{ ...first.entries[0]!, reason: '=HYPERLINK("x"), "quoted"' }]);
    expect(csv.split('\r\n')[0]).toBe('id,at,actor,siteId,action,commentId,targetUserId,fromStatus,toStatus,reason,details,undone');
    expect(csv).toContain(`"'=HYPERLINK(""x""), ""quoted"""`);
  });

  run('builds the dashboard', async () => {
    const w = t.deps.moderationWorkspace;
    const d = await w.stats.dashboard('news');
    expect(d.perHour).toHaveLength(48);
    expect(d.perHour.reduce((n, h) => n + h.count, 0)).toBe(d.byStatus.approved + d.byStatus.pending + d.byStatus.rejected + d.byStatus.deleted);
    expect(d.toxicityHistogram).toHaveLength(10);
    expect(d.toxicityHistogram[9]).toBeGreaterThan(0);
    expect(d.toxicityHistogram[0]).toBeGreaterThan(0);
    expect(d.busiestStories[0]).toMatchObject({ id: storyId, title: 'Budget vote' });
    expect(d.responseTime.decided).toBeGreaterThan(0);
    expect(d.responseTime.medianSeconds).not.toBeNull();
    expect(d.heldOrRejectedShare).toBeGreaterThan(0);
  });
});
