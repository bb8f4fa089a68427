import MarkdownIt from 'markdown-it';

/**
 * The Markdown subset comments may use: emphasis, links, quotes, code, lists, line breaks. Raw HTML is never
 * passed through (html: false escapes it) and markdown-it's link validation refuses javascript:, vbscript:,
 * file: and data: URLs; images, headings and tables are disabled so a comment cannot restyle the page.
 */
const md = new MarkdownIt('zero', { html: false, linkify: true, breaks: true, typographer: false })
  .enable(['emphasis', 'link', 'linkify', 'blockquote', 'code', 'fence', 'backticks', 'list', 'newline', 'escape', 'autolink', 'strikethrough', 'entity']);

const defaultLinkOpen =
  md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  // User links earn no ranking credit and cannot reach back to the page that opened them.
  token?.attrSet('rel', 'nofollow ugc noopener noreferrer');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/** Renders a comment body to HTML that is safe to put into a page as it is. */
export function renderMarkdown(source: string): string {
  return md.render(source).trim();
}
