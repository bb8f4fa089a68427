import { SaxesParser } from 'saxes';
import { textChunks, type ImportInput } from './input.js';

/** An element gathered whole: small units of a big document (a Disqus post, a WXR comment). */
export interface XmlElement {
  /** Name as written, prefix included ("wp:comment"). */
  name: string;
  attrs: Record<string, string>;
  /** Text and CDATA directly inside, untrimmed. */
  text: string;
  children: XmlElement[];
}

export type XmlEvent =
  | { type: 'open'; path: readonly string[]; attrs: Record<string, string> }
  | { type: 'close'; path: readonly string[] }
  | { type: 'unit'; path: readonly string[]; element: XmlElement };

/** HTML entities real exports use without declaring them. */
const HTML_ENTITIES: Record<string, string> = {
  nbsp: '\u00a0', ndash: '–', mdash: '—', hellip: '…', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”',
  laquo: '«', raquo: '»', copy: '©', reg: '®', trade: '™', eacute: 'é', egrave: 'è', agrave: 'à', ccedil: 'ç', euro: '€', uuml: 'ü', ouml: 'ö', auml: 'ä',
};

/** The first child with this name (prefix-insensitive when `local`), its trimmed text, or ''. */
export function childText(el: XmlElement, name: string): string {
  return child(el, name)?.text.trim() ?? '';
}

export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name || localName(c.name) === name);
}

export const localName = (name: string): string => name.slice(name.indexOf(':') + 1);

/**
 * Streams an XML document as events: open/close of every element outside units, and whole units (elements for
 * which `isUnit(path)` holds, path being the names from the root to it). Memory holds one unit at a time.
 * Tolerates stray bytes before the root (anything before the first '<'), undefined HTML entities and
 * recoverable errors, counting them in `warnings`.
 */
export async function* xmlEvents(
  input: ImportInput,
  opts: { isUnit: (path: readonly string[]) => boolean; onBytes?: (bytes: number) => void; onWarning?: (message: string) => void },
): AsyncGenerator<XmlEvent> {
  const parser = new SaxesParser({ xmlns: false });
  Object.assign(parser.ENTITIES, HTML_ENTITIES);
  const path: string[] = [];
  const stack: XmlElement[] = [];
  const out: XmlEvent[] = [];
  parser.on('error', (err) => opts.onWarning?.(err.message));
  parser.on('opentag', (tag) => {
    path.push(tag.name);
    const attrs = tag.attributes as Record<string, string>;
    if (stack.length > 0 || opts.isUnit(path)) {
      const el: XmlElement = { name: tag.name, attrs, text: '', children: [] };
      stack.at(-1)?.children.push(el);
      stack.push(el);
    } else {
      out.push({ type: 'open', path: [...path], attrs });
    }
  });
  const onText = (t: string) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    const el = stack.pop();
    if (el && stack.length === 0) out.push({ type: 'unit', path: [...path], element: el });
    else if (!el) out.push({ type: 'close', path: [...path] });
    path.pop();
  });
  let started = false;
  for await (let chunk of textChunks(input, opts.onBytes)) {
    if (!started) {
      // Stray bytes or whitespace before the declaration would make the whole document invalid.
      const lt = chunk.indexOf('<');
      if (lt < 0) continue;
      if (lt > 0 && chunk.slice(0, lt).trim()) opts.onWarning?.('ignored bytes before the XML declaration');
      chunk = chunk.slice(lt);
      started = true;
    }
    parser.write(chunk);
    yield* out.splice(0);
  }
  parser.close();
  yield* out.splice(0);
}
