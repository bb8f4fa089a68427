import type { Site } from '../modules/sites/site.service.js';
import { htmlToMarkdown, ImportWriter, parseDate, type CommentRecord, type ImportDeps, type ImportSummary, type StoryRecord } from './common.js';
import type { ImportInput } from './input.js';
import { childText, localName, xmlEvents } from './xml.js';

/** wp:comment_approved → status: 1 approved, 0 held, spam skipped, trash deleted. */
function statusOf(approved: string): CommentRecord['status'] {
  const v = approved.trim().toLowerCase();
  if (v === '1' || v === 'approve' || v === 'approved') return 'approved';
  if (v === 'spam') return 'spam';
  if (v === 'trash' || v === 'post-trashed') return 'deleted';
  return 'pending';
}

/**
 * WordPress WXR 1.0–1.2: <rss><channel><item> per post, its fields (title, link, wp:post_id, wp:post_date_gmt,
 * wp:comment_status), then <wp:comment>s with wp:comment_id and wp:comment_parent (0: top level). Only the
 * item's fields and one comment are in memory at a time. Items without comments create no story.
 */
export async function importWordPress(deps: ImportDeps, opts: { input: ImportInput; site: Site; onBytes?: (n: number) => void }): Promise<ImportSummary> {
  const writer = new ImportWriter(deps, { site: opts.site, format: 'wordpress', dropChildlessDeleted: true });
  let item: Record<string, string> | null = null;
  let story: StoryRecord | null = null;
  const events = xmlEvents(opts.input, {
    isUnit: (path) => path.length === 4 && localName(path[2]!) === 'item',
    ...(opts.onBytes ? { onBytes: opts.onBytes } : {}),
    onWarning: () => writer.summary.warnings++,
  });
  for await (const ev of events) {
    if (ev.type === 'open' && ev.path.length === 3 && localName(ev.path[2]!) === 'item') {
      item = {};
      story = null;
    } else if (ev.type === 'unit' && item) {
      const el = ev.element;
      if (el.name !== 'wp:comment') {
        item[el.name] = el.text.trim();
        continue;
      }
      const postId = item['wp:post_id'] || item['guid'] || item['link'];
      if (!postId) {
        writer.skip('comment of an item without wp:post_id');
        continue;
      }
      if (!story) {
        const published = parseDate(item['wp:post_date_gmt'] || item['wp:post_date']);
        story = {
          key: postId,
          identifier: item['wp:post_id'] ? `wordpress:${item['wp:post_id']}` : null,
          url: item['link'] || null,
          title: item['title'] || null,
          createdAt: Number.isFinite(published) ? published : null,
          publishedAt: Number.isFinite(published) ? published : null,
          closed: item['wp:comment_status'] === 'closed',
        };
        await writer.story(story);
      }
      const type = childText(el, 'wp:comment_type');
      if (type === 'pingback' || type === 'trackback') {
        writer.skip(type);
        continue;
      }
      const parent = childText(el, 'wp:comment_parent');
      await writer.comment({
        key: childText(el, 'wp:comment_id'),
        storyKey: story.key,
        parentKey: parent && parent !== '0' ? parent : null,
        authorName: childText(el, 'wp:comment_author'),
        authorEmail: childText(el, 'wp:comment_author_email') || null,
        body: htmlToMarkdown(childText(el, 'wp:comment_content')),
        createdAt: parseDate(childText(el, 'wp:comment_date_gmt')) || parseDate(childText(el, 'wp:comment_date')),
        status: statusOf(childText(el, 'wp:comment_approved')),
        ip: childText(el, 'wp:comment_author_IP') || null,
      });
    } else if (ev.type === 'close' && ev.path.length === 3 && localName(ev.path[2]!) === 'item') {
      item = null;
    }
  }
  return writer.finish();
}
