import { html } from '../lib/html.js';
import type { MailMessage } from '../mail/mailer.js';
import type { MailComment } from './notification.repository.js';

/** Comment text in an email: the Markdown source, shortened; escaped by `html` in the HTML part. */
const excerpt = (body: string, max = 600): string => (body.length > max ? `${body.slice(0, max - 1)}…` : body);

export function replyEmail(opts: { to: string; reply: MailComment; parent: MailComment; link: string; unsubscribeUrl: string }): MailMessage {
  const { reply, parent } = opts;
  const subject = `${reply.author_name} replied to your comment on "${reply.story_title}"`;
  return {
    to: opts.to,
    subject: subject.replace(/[\r\n]+/g, ' '),
    text:
      `${reply.author_name} replied to your comment on "${reply.story_title}":\n\n${excerpt(reply.body)}\n\n` +
      `Read and answer: ${opts.link}\n\nYou asked to hear about replies. Stop these emails: ${opts.unsubscribeUrl}\n`,
    html: html`<p><strong>${reply.author_name}</strong> replied to your comment on “${reply.story_title}”:</p>
<blockquote style="white-space:pre-wrap">${excerpt(reply.body)}</blockquote>
<p style="color:#666">Your comment: <span style="white-space:pre-wrap">${excerpt(parent.body, 200)}</span></p>
<p><a href="${opts.link}">Read and answer</a></p>
<p style="font-size:small;color:#666">You asked to hear about replies. <a href="${opts.unsubscribeUrl}">Stop these emails</a>.</p>`.value,
    headers: { 'List-Unsubscribe': `<${opts.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}

export function moderatorEmail(opts: { to: string; siteName: string; comments: MailComment[]; link: (c: MailComment) => string; digest: boolean }): MailMessage {
  const n = opts.comments.length;
  const subject = opts.digest ? `${n} comment${n === 1 ? '' : 's'} waiting for review on ${opts.siteName}` : `A comment is waiting for review on ${opts.siteName}`;
  return {
    to: opts.to,
    subject: subject.replace(/[\r\n]+/g, ' '),
    text: opts.comments.map((c) => `${c.author_name} on "${c.story_title}":\n${excerpt(c.body, 300)}\n${opts.link(c)}\n`).join('\n'),
    html: html`<p>${subject}</p>${opts.comments.map(
      (c) => html`<div style="margin:1em 0"><p><strong>${c.author_name}</strong> on “${c.story_title}”</p><blockquote style="white-space:pre-wrap">${excerpt(c.body, 300)}</blockquote><p><a href="${opts.link(c)}">Review</a></p></div>`,
    )}`.value,
  };
}

export function rejectionEmail(opts: { to: string; comment: MailComment; reason: string; link: string }): MailMessage {
  return {
    to: opts.to,
    subject: `Your comment on "${opts.comment.story_title}" was not published`.replace(/[\r\n]+/g, ' '),
    text: `Your comment on "${opts.comment.story_title}" was not published.\n\nReason: ${opts.reason}\n\nYour comment:\n${excerpt(opts.comment.body)}\n\n${opts.link}\n`,
    html: html`<p>Your comment on “${opts.comment.story_title}” was not published.</p>
<p>Reason: ${opts.reason}</p>
<blockquote style="white-space:pre-wrap">${excerpt(opts.comment.body)}</blockquote>
<p><a href="${opts.link}">${opts.comment.story_title}</a></p>`.value,
  };
}
