import type { CommentView } from '../../../modules/comments/comment.presenter.js';
import { html, raw, type SafeHtml } from '../../../lib/html.js';

/** Server-rendered thread: readable without JavaScript; the widget enhances it in place. */
export function renderComment(c: CommentView, storyId: string): SafeHtml {
  const deleted = c.status === 'deleted';
  return html`<li class="comment${deleted ? ' comment--deleted' : ''}" id="c-${c.id}" data-comment-id="${c.id}" data-depth="${c.depth}">
<article>
<header class="comment__meta">${deleted ? html`<span class="comment__author">[deleted]</span>` : html`<span class="comment__author">${c.author.name}</span>`}
<a class="comment__time" href="/stories/${storyId}/comments/${c.id}#c-${c.id}"><time datetime="${c.createdAt}">${c.createdAt.slice(0, 16).replace('T', ' ')}</time></a>${c.editedAt ? html` <span class="comment__edited">(edited)</span>` : ''}</header>
<div class="comment__body">${deleted ? html`<p><em>This comment was deleted.</em></p>` : raw(c.html)}</div>
</article>
${c.replies.length ? html`<ul class="replies">${c.replies.map((r) => renderComment(r, storyId))}</ul>` : ''}
${c.moreReplies > 0 ? html`<a class="more-replies" href="/stories/${storyId}/comments/${c.id}#c-${c.id}">${c.moreReplies} more ${c.moreReplies === 1 ? 'reply' : 'replies'}</a>` : ''}
</li>`;
}

export function renderThread(comments: CommentView[], storyId: string): SafeHtml {
  if (comments.length === 0) return html`<p class="empty">No comments yet. Be the first.</p>`;
  return html`<ul class="thread" data-story-id="${storyId}">${comments.map((c) => renderComment(c, storyId))}</ul>`;
}
