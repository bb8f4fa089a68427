/**
 * Parses a news page saved as plain text: headline, optional photo caption, body paragraphs,
 * then a reader comment tree drawn with `•` bullets and indentation (see shared/seed/page.txt).
 *
 * One pass over the lines with a stack of open comments, and no recursion, so a page of several
 * megabytes or a thread nested thousands of levels deep parses in linear time without blowing
 * the call stack.
 */

export interface ParsedComment {
  author: string;
  body: string;
  replies: ParsedComment[];
  /** 1-based line of the comment's bullet, for error messages and import reports. */
  line: number;
}

export interface ParsedPage {
  title: string;
  caption: string | null;
  credit: string | null;
  body: string;
  comments: ParsedComment[];
}

export class PageParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'PageParseError';
  }
}

/** A non-blank line, measured once: `indent` in columns, `text` from the first non-indent character. */
interface Line {
  no: number;
  indent: number;
  text: string;
}

interface OpenComment {
  comment: ParsedComment;
  indent: number;
  lines: Line[];
}

const BULLET = '\u2022';
// Pages saved on Windows keep a tab width of 4 in practice; tab stops would make the
// same-looking indentation parse differently depending on where the tab sits.
const TAB_WIDTH = 4;

export function parsePage(text: string): ParsedPage {
  const lines = splitLines(text);
  let i = 0;
  while (i < lines.length && isBlank(lines[i] ?? '')) i++;
  if (i === lines.length) throw new PageParseError('empty input: no headline', 1);

  const headline = measure(lines[i] ?? '', i + 1);
  if (headline.text.startsWith(BULLET)) {
    throw new PageParseError('no headline: the page starts with a comment bullet', headline.no);
  }
  const title = headline.text.trimEnd();

  const article: Line[] = [];
  for (i++; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    if (isBlank(raw)) continue;
    const line = measure(raw, i + 1);
    if (line.text.startsWith(BULLET)) break;
    article.push(line);
  }

  const paragraphs = toParagraphs(article);
  const photo = paragraphs.length > 0 ? splitCredit(paragraphs[0] ?? []) : null;
  const bodyParagraphs = photo ? paragraphs.slice(1) : paragraphs;

  return {
    title,
    caption: photo?.caption ?? null,
    credit: photo?.credit ?? null,
    body: render(bodyParagraphs),
    comments: parseComments(lines, i),
  };
}

function parseComments(lines: string[], start: number): ParsedComment[] {
  const roots: ParsedComment[] = [];
  const open: OpenComment[] = [];

  for (let i = start; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    if (isBlank(raw)) continue;
    const line = measure(raw, i + 1);

    if (line.text.startsWith(BULLET)) {
      const author = line.text.slice(BULLET.length).trim();
      if (author === '') throw new PageParseError('comment bullet without an author name', line.no);
      // Popping everything at this depth or deeper makes a mis-indented bullet a reply to the
      // nearest shallower comment instead of an error.
      closeFrom(open, line.indent);
      const comment: ParsedComment = { author, body: '', replies: [], line: line.no };
      const parent = open[open.length - 1];
      (parent ? parent.comment.replies : roots).push(comment);
      open.push({ comment, indent: line.indent, lines: [] });
      continue;
    }

    // Body text belongs to the deepest open comment whose bullet sits left of it; text after a
    // reply, indented like the parent's body, continues the parent.
    closeFrom(open, line.indent);
    const owner = open[open.length - 1];
    if (!owner) throw new PageParseError('text is not indented under any comment', line.no);
    owner.lines.push(line);
  }
  closeFrom(open, -1);
  return roots;
}

/** Closes every open comment whose bullet is at `indent` columns or deeper. */
function closeFrom(open: OpenComment[], indent: number): void {
  for (let top = open[open.length - 1]; top && top.indent >= indent; top = open[open.length - 1]) {
    open.pop();
    top.comment.body = render(toParagraphs(top.lines));
    if (top.comment.body === '' && top.comment.replies.length === 0) {
      throw new PageParseError(`comment by ${top.comment.author} has no text and no replies`, top.comment.line);
    }
  }
}

/** Paragraphs are runs of consecutive line numbers: a blank line, or a reply in between, ends one. */
function toParagraphs(lines: Line[]): Line[][] {
  const paragraphs: Line[][] = [];
  let current: Line[] = [];
  let previous = -1;
  for (const line of lines) {
    if (line.no !== previous + 1 && current.length > 0) {
      paragraphs.push(current);
      current = [];
    }
    current.push(line);
    previous = line.no;
  }
  if (current.length > 0) paragraphs.push(current);
  return paragraphs;
}

/** Joins paragraphs with a blank line, keeping indentation beyond what all lines share. */
function render(paragraphs: Line[][]): string {
  let common = Infinity;
  for (const paragraph of paragraphs) for (const line of paragraph) common = Math.min(common, line.indent);
  return paragraphs
    .map((paragraph) => paragraph.map((line) => ' '.repeat(line.indent - common) + line.text.trimEnd()).join('\n'))
    .join('\n\n');
}

const CREDIT_LABEL = /^(?:photo(?:graph)?|image|picture|credit|photo credit|image credit)\s*(?::|\bby\b)\s*(\S[^]*)$/i;
// "(Jana Novak/Reuters)", "(AP Photo/Evan Vucci)": both sides must look like names, so that an
// aside such as "(2019/20)" stays in the body.
const AGENCY_CREDIT = /^\p{Lu}[^/]*\/\s*\p{Lu}[^/]*$/u;
// A credit is a short name; the cap also keeps the regular expressions off long paragraphs.
const MAX_CREDIT = 120;

/** The caption paragraph is recognised only by the credit at its end; anything else is body. */
function splitCredit(paragraph: Line[]): { caption: string | null; credit: string } | null {
  const last = paragraph[paragraph.length - 1];
  if (!last) return null;
  const text = last.text.trimEnd();
  if (!text.endsWith(')')) return null;
  const open = text.lastIndexOf('(');
  if (open < 0 || text.length - open > MAX_CREDIT) return null;
  const inner = text.slice(open + 1, -1).trim();
  if (inner.includes('(')) return null;
  const labelled = CREDIT_LABEL.exec(inner);
  const credit = labelled ? (labelled[1] ?? '').trim() : AGENCY_CREDIT.test(inner) ? inner : '';
  if (credit === '') return null;

  const lines = [...paragraph.slice(0, -1), { ...last, text: text.slice(0, open) }];
  const caption = render([lines.filter((line) => line.text.trim() !== '')]);
  return { caption: caption === '' ? null : caption, credit };
}

function splitLines(text: string): string[] {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return withoutBom.split(/\r\n?|\n/);
}

function isBlank(raw: string): boolean {
  return raw.trim() === '';
}

/** Only spaces and tabs indent; other leading whitespace (an ideographic space, say) is text. */
function measure(raw: string, no: number): Line {
  let indent = 0;
  let at = 0;
  for (; at < raw.length; at++) {
    const ch = raw.charCodeAt(at);
    if (ch === 0x20) indent += 1;
    else if (ch === 0x09) indent += TAB_WIDTH;
    else break;
  }
  return { no, indent, text: raw.slice(at) };
}
