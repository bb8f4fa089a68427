import { htmlToMarkdown, ImportWriter, parseDate, type ImportDeps, type ImportSummary } from './common.js';
import type { ImportInput } from './input.js';
import type { Site } from '../modules/sites/site.service.js';
import { child, childText, localName, xmlEvents, type XmlElement } from './xml.js';

const isTrue = (v: string): boolean => v.trim().toLowerCase() === 'true';
const dsqId = (el: XmlElement | undefined): string | null => el?.attrs['dsq:id']?.trim() || null;

/**
 * Disqus XML export: <category>s, then <thread dsq:id> (a story), then <post dsq:id> pointing at its thread and
 * parent by dsq:id. Messages are HTML. Spam is skipped and counted; deleted posts that hold replies stay as
 * tombstones, the others are dropped after the import.
 */
export async function importDisqus(deps: ImportDeps, opts: { input: ImportInput; site: Site; onBytes?: (n: number) => void }): Promise<ImportSummary> {
  const writer = new ImportWriter(deps, { site: opts.site, format: 'disqus', dropChildlessDeleted: true });
  const events = xmlEvents(opts.input, {
    isUnit: (path) => path.length === 2 && ['thread', 'post', 'category'].includes(localName(path[1]!)),
    ...(opts.onBytes ? { onBytes: opts.onBytes } : {}),
    onWarning: () => writer.summary.warnings++,
  });
  for await (const ev of events) {
    if (ev.type !== 'unit') continue;
    const el = ev.element;
    const kind = localName(el.name);
    if (kind === 'thread') {
      const key = dsqId(el);
      if (!key) {
        writer.skip('thread without dsq:id');
        continue;
      }
      if (isTrue(childText(el, 'isDeleted'))) {
        writer.skip('thread deleted');
        continue;
      }
      const created = parseDate(childText(el, 'createdAt'));
      await writer.story({
        key,
        identifier: childText(el, 'id') || null,
        url: childText(el, 'link') || null,
        title: childText(el, 'title') || null,
        createdAt: Number.isFinite(created) ? created : null,
        publishedAt: Number.isFinite(created) ? created : null,
        closed: isTrue(childText(el, 'isClosed')),
      });
    } else if (kind === 'post') {
      const key = dsqId(el);
      const storyKey = dsqId(child(el, 'thread'));
      if (!key || !storyKey) {
        writer.skip('post without dsq:id or thread');
        continue;
      }
      const author = child(el, 'author');
      const spam = isTrue(childText(el, 'isSpam'));
      const deleted = isTrue(childText(el, 'isDeleted'));
      const approved = childText(el, 'isApproved');
      await writer.comment({
        key,
        storyKey,
        parentKey: dsqId(child(el, 'parent')),
        authorName: (author && (childText(author, 'name') || childText(author, 'username'))) || '',
        authorEmail: author ? childText(author, 'email') || null : null,
        body: htmlToMarkdown(child(el, 'message')?.text ?? ''),
        createdAt: parseDate(childText(el, 'createdAt')),
        status: spam ? 'spam' : deleted ? 'deleted' : approved && !isTrue(approved) ? 'pending' : 'approved',
        ip: childText(el, 'ipAddress') || null,
      });
    }
  }
  return writer.finish();
}
