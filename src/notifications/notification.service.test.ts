import Fastify from 'fastify';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { unsubscribeRoutes } from '../http/routes/unsubscribe.js';
import { StoreJobQueue } from '../jobs/store-queue.js';
import { timeOrderedIds } from '../lib/ids.js';
import type { Mailer } from '../mail/mailer.js';
import { CommentService, type CommentEvent } from '../modules/comments/comment.service.js';
import type { Moderate } from '../moderation/pipeline/types.js';
import { manualClock, services } from '../test-support/factories.js';
import { startSmtpServer, type ReceivedMail } from '../test-support/smtp.js';
import { DIALECTS, postgresAvailable, storeSuite } from '../test-support/stores.js';
import { NotificationService } from './notification.service.js';

const pgUp = await postgresAvailable();

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let port = 0;
let inbox: ReceivedMail[] = [];

beforeAll(async () => {
  smtp = await startSmtpServer();
  ({ port, received: inbox } = smtp);
});
afterAll(() => smtp.close());

/** Our own nodemailer transport to the test's SMTP server, behind the Mailer interface. */
function smtpMailer(): Mailer {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  return { send: async (m) => void (await transport.sendMail({ from: 'Agora <no-reply@agora.test>', ...m })) };
}

/** Folded headers, RFC 2047 words and quoted-printable undone (ASCII is enough here), so assertions read the text. */
const hex = (_m: string, h: string) => String.fromCharCode(parseInt(h, 16));
const decoded = (raw: string): string =>
  raw
    .replace(/\r?\n[ \t]+/g, ' ')
    .replace(/=\?utf-8\?q\?([^?]*)\?=[ \t]*/gi, (_m, t: string) => t.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/g, hex))
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, hex);
const mailsTo = (addr: string) => inbox.filter((m) => m.to.includes(addr)).map((m) => decoded(m.raw));

const holdKeyword: Moderate = async ({ body }) =>
  /HOLD/.test(body) ? { status: 'pending', reasons: [{ phase: 'words', reason: 'likely a personal attack' }] } : { status: 'approved', reasons: [] };

describe.each(DIALECTS)('email notifications on %s', (dialect) => {
  const suite = storeSuite(dialect, pgUp);
  const run = suite.run;

  const setup = async (siteId: string, settings: Record<string, unknown>) => {
    const clock = manualClock(Date.UTC(2026, 10, 25, 12));
    const ids = timeOrderedIds(clock);
    const queue = new StoreJobQueue({ db: suite.store.db, dialect, clock, ids, backoff: { baseMs: 1000, maxMs: 1000, jitter: 0 } });
    const s = services(suite.store.db, { clock });
    const notifications = new NotificationService({ db: suite.store.db, clock, queue, mailer: smtpMailer(), sites: s.sites, publicUrl: 'http://agora.test' });
    const enqueued: Promise<void>[] = [];
    const comments = new CommentService({ db: suite.store.db, clock, ids, moderate: holdKeyword, onEvent: (e: CommentEvent) => void enqueued.push(notifications.onCommentEvent(e)) });
    const site = await s.sites.create({ id: siteId, name: `Site <${siteId}>`, origins: [], settings });
    const story = await s.stories.create({ siteId: site.id, identifier: 'st', title: 'Tides & "times"' });
    /** Waits until every job due now has run: listens first, then counts, so no completion is missed. */
    const drain = async () => {
      await Promise.all(enqueued.splice(0));
      for (;;) {
        const next = new Promise<void>((resolve) => {
          const on = () => {
            for (const e of ['completed', 'failed', 'retry']) queue.events.off(e, on);
            resolve();
          };
          for (const e of ['completed', 'failed', 'retry']) queue.events.on(e, on);
        });
        const left = await suite.store.db
          .selectFrom('jobs')
          .select('id')
          .where('status', 'in', ['pending', 'running'])
          .where('run_at', '<=', clock())
          .execute();
        if (left.length === 0) return;
        queue.wake();
        await next;
      }
    };
    queue.start(notifications.handlers());
    return { clock, queue, notifications, comments, site, story, drain };
  };

  run('tells a commenter about replies, with escaped text and a one-click unsubscribe that works', async () => {
    const t = await setup(`mail-${dialect}`, { moderatorNotify: 'off' });
    const ann = `ann-${dialect}@example.org`;
    const parent = await t.comments.create({ storyId: t.story.id, body: 'My view', author: { name: 'Ann', email: ann }, notifyReplies: true });
    expect(parent.comment.notify_replies).toBe(1);
    await t.comments.create({ storyId: t.story.id, parentId: parent.comment.id, body: 'Self reply', author: { name: 'Ann', email: ann } });
    await t.comments.create({ storyId: t.story.id, parentId: parent.comment.id, body: 'Nice <script>alert(1)</script> & more', author: { name: 'Bo <b>' } });
    await t.drain();
    const mails = mailsTo(ann);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail).toMatch(/Subject: .*replied to your comment/);
    const htmlPart = mail.slice(mail.indexOf('Content-Type: text/html'));
    expect(htmlPart).toContain('Nice &lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
    expect(htmlPart).toContain('<strong>Bo &lt;b&gt;</strong>');
    expect(htmlPart).not.toContain('<script>');
    expect(mail).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const url = /List-Unsubscribe: <([^>]+)>/.exec(mail)![1]!;
    expect(url.startsWith('http://agora.test/email/unsubscribe?token=')).toBe(true);

    const app = Fastify();
    await app.register(unsubscribeRoutes, { notifications: t.notifications });
    const path = url.replace('http://agora.test', '');
    expect((await app.inject({ url: path })).body).toContain('<form method="post"');
    const bad = await app.inject({ method: 'POST', url: path.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A')), payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(bad.statusCode).toBe(400);
    const res = await app.inject({ method: 'POST', url: path, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode).toBe(200);
    await app.close();

    await t.comments.create({ storyId: t.story.id, parentId: parent.comment.id, body: 'After unsubscribing', author: { name: 'Cy' } });
    await t.drain();
    expect(mailsTo(ann)).toHaveLength(1);
    await t.queue.stop();
  });

  run('alerts moderators at once, and tells an author why their comment was rejected', async () => {
    const mod = `mod-${dialect}@news.example`;
    const t = await setup(`mods-${dialect}`, { moderatorEmails: [mod], moderatorNotify: 'immediate' });
    const author = `dee-${dialect}@example.org`;
    const held = await t.comments.create({ storyId: t.story.id, body: 'HOLD this <i>please</i>', author: { name: 'Dee', email: author } });
    expect(held.comment.status).toBe('pending');
    await t.drain();
    const alert = mailsTo(mod);
    expect(alert).toHaveLength(1);
    expect(alert[0]).toContain('HOLD this &lt;i&gt;please&lt;/i&gt;');
    expect(alert[0]).toContain(`http://agora.test/stories/${t.story.id}/comments/${held.comment.id}`);

    // The moderator's own words reach the author (the decision service records them as a 'moderator' reason);
    // the pipeline's reasons are for moderators only.
    const stored = JSON.parse((await suite.store.db.selectFrom('comments').select('reasons').where('id', '=', held.comment.id).executeTakeFirstOrThrow()).reasons);
    await suite.store.db.updateTable('comments').set({ reasons: JSON.stringify([...stored, { phase: 'moderator', reason: 'Personal attacks are not allowed here' }]) }).where('id', '=', held.comment.id).execute();
    await t.comments.setStatus(held.comment.id, 'rejected');
    await t.drain();
    const notice = mailsTo(author);
    expect(notice).toHaveLength(1);
    expect(notice[0]).toContain('Personal attacks are not allowed here');
    expect(notice[0]).not.toContain('likely a personal attack');
    expect(notice[0]).toMatch(/Subject: .*was not published/);
    await t.queue.stop();
  });

  run('sends moderators one digest per period', async () => {
    const mod = `digest-${dialect}@news.example`;
    const t = await setup(`digest-${dialect}`, { moderatorEmails: [mod], moderatorNotify: 'hourly' });
    await t.comments.create({ storyId: t.story.id, body: 'HOLD one', author: { name: 'E' } });
    t.clock.advance(60_000);
    await t.comments.create({ storyId: t.story.id, body: 'HOLD two', author: { name: 'F' } });
    await t.drain();
    expect(mailsTo(mod)).toHaveLength(0);
    t.clock.advance(3600_000);
    await t.drain();
    const digest = mailsTo(mod);
    expect(digest).toHaveLength(1);
    expect(digest[0]).toMatch(/Subject: 2 comments waiting for review/);
    await t.queue.stop();
  });
});
