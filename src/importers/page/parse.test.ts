import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDir } from '../../lib/paths.js';
import { PageParseError, parsePage } from './parse.js';
import type { ParsedComment } from './parse.js';

function seed(): string {
  return readFileSync(join(sharedDir(), 'seed', 'page.txt'), 'utf8');
}

function authors(comments: ParsedComment[]): string[] {
  return comments.map((c) => c.author);
}

function find(comments: ParsedComment[], author: string): ParsedComment {
  const found = comments.find((c) => c.author === author);
  if (!found) throw new Error(`no comment by ${author}`);
  return found;
}

/** The parse error for `text`, failing the test if parsing succeeds or throws anything else. */
function parseError(text: string): PageParseError {
  try {
    parsePage(text);
  } catch (error) {
    if (error instanceof PageParseError) return error;
    throw error;
  }
  throw new Error('expected a PageParseError');
}

const page = (...lines: string[]): string => lines.join('\n');

describe('parsePage on the seed page', () => {
  const parsed = parsePage(seed());

  it('reads the headline, caption and credit', () => {
    expect(parsed.title).toBe(
      'PMU Commander Denies Responsibility For U.S. Embassy Attack, Vows Revenge Against Military Installations Only',
    );
    expect(parsed.credit).toBe('Reuters');
    expect(parsed.caption).toMatch(/^Kata’ib Hezbollah fighters gather/);
    expect(parsed.caption).toMatch(/Baghdad, Iraq, January 4, 2020\.$/);
  });

  it('keeps the body paragraphs and their typography', () => {
    const paragraphs = parsed.body.split('\n\n');
    expect(paragraphs).toHaveLength(7);
    expect(paragraphs[0]).toMatch(/^The leader of a large group in Iraq’s Popular Mobilization Units/);
    expect(paragraphs[2]).toMatch(/^“We don’t target diplomatic missions/);
    expect(paragraphs[6]).toMatch(/receiving support from Iran\.$/);
  });

  it('builds the comment tree', () => {
    const comments = parsed.comments;
    expect(authors(comments)).toEqual([
      'Mehmet Aslanak',
      'Ilya Grushevskiy',
      'verner',
      'FlorianGeyer',
      'hvaiallverden',
      'John',
      'Xoli Xoli',
      'Xoli Xoli',
    ]);
    expect(authors(find(comments, 'Mehmet Aslanak').replies)).toEqual(['Vitex']);
    expect(authors(find(comments, 'FlorianGeyer').replies)).toEqual(['Ivanus59', 'igybundy']);
    expect(authors(find(comments, 'hvaiallverden').replies)).toEqual(['Xoli Xoli']);
    for (const name of ['Ilya Grushevskiy', 'verner', 'John']) expect(find(comments, name).replies).toEqual([]);
    expect(find(comments, 'Mehmet Aslanak').line).toBe(20);
    expect(find(comments, 'Mehmet Aslanak').replies[0]?.body).toBe(
      'If he stays off Whatsapp and Twitter he should be fine :)',
    );
  });

  it('keeps multi-paragraph comment bodies intact', () => {
    expect(find(parsed.comments, 'FlorianGeyer').body).toBe(
      '“A day earlier, Iraq witnessed a dangerous escalation when Iran’s Islamic Revolutionary Guard Corps (IRGC) launched over a dozen missiles at U.S. ”\n\n' +
        'This was NOT an escalation, it was merely the Right of Reply to the US Coalition of Terror.\n\n' +
        'It is what any nation with a long heritage should do.\nIts only polite to send a gift in return.',
    );
    const long = find(parsed.comments, 'hvaiallverden').body.split('\n\n');
    expect(long).toHaveLength(3);
    expect(long[2]).toBe(
      'Poor people, when the traitores runs your nation and forget any kind of progress into the future, when the whores of Babylon is running the Gov.\nMay they burn in Hell.',
    );
    expect(find(parsed.comments, 'hvaiallverden').replies[0]?.body.split('\n\n')).toHaveLength(2);
  });

  it('parses the same with CRLF, a BOM, tabs and trailing whitespace', () => {
    const mangled =
      '\uFEFF' +
      seed()
        .split('\n')
        .map((line) => line.replace(/^( {4})+/, (indent) => '\t'.repeat(indent.length / 4)) + ' \t')
        .join('\r\n');
    expect(parsePage(mangled)).toEqual(parsed);
  });
});

describe('parsePage tolerances', () => {
  it('treats a tab as four columns', () => {
    const parsed = parsePage(page('T', '', '\u2022 A', '\tbody', '\t\u2022 B', '\t\t  reply'));
    expect(parsed.comments[0]?.body).toBe('body');
    expect(parsed.comments[0]?.replies[0]?.body).toBe('reply');
  });

  it('accepts a lone CR as a line break', () => {
    expect(parsePage('T\r\rBody\r  \u2022 A\r    hi').comments[0]?.body).toBe('hi');
  });

  it('collapses stray blank lines and keeps extra indentation beyond the common one', () => {
    const parsed = parsePage(page('', '', 'Title  ', '', '', '', 'One', '  indented', '', '', '', 'Two', ''));
    expect(parsed.title).toBe('Title');
    expect(parsed.caption).toBeNull();
    expect(parsed.credit).toBeNull();
    expect(parsed.body).toBe('One\n  indented\n\nTwo');
  });

  it('does not treat * or - as bullets', () => {
    const parsed = parsePage(page('T', '', '* not a bullet', '- nor this', '', '  \u2022 A', '    - list item', '    * another'));
    expect(parsed.body).toBe('* not a bullet\n- nor this');
    expect(parsed.comments).toHaveLength(1);
    expect(parsed.comments[0]?.body).toBe('- list item\n* another');
  });

  it('accepts a bullet without a space before the name', () => {
    expect(parsePage(page('T', '\u2022Ann', '    hi')).comments[0]?.author).toBe('Ann');
  });

  it('attaches a mis-indented bullet to the nearest shallower comment', () => {
    const parsed = parsePage(
      page('T', '', '  \u2022 A', '    a', '      \u2022 B', '        b', '     \u2022 C', '        c', '\u2022 D', '  d'),
    );
    expect(authors(parsed.comments)).toEqual(['A', 'D']);
    expect(authors(parsed.comments[0]?.replies ?? [])).toEqual(['B', 'C']);
  });

  it('continues a parent body after its replies as a new paragraph', () => {
    const parsed = parsePage(page('T', '  \u2022 A', '    first', '    \u2022 B', '      reply', '    second'));
    expect(parsed.comments[0]?.body).toBe('first\n\nsecond');
    expect(parsed.comments[0]?.replies[0]?.body).toBe('reply');
  });

  it('allows an empty body when the comment has replies', () => {
    const parsed = parsePage(page('T', '  \u2022 A', '    \u2022 B', '      reply'));
    expect(parsed.comments[0]?.body).toBe('');
    expect(parsed.comments[0]?.replies[0]?.author).toBe('B');
  });

  it('allows a page without comments or body', () => {
    expect(parsePage('Only a title')).toEqual({ title: 'Only a title', caption: null, credit: null, body: '', comments: [] });
  });

  it.each([
    ['(Photo by Reuters)', 'Reuters'],
    ['(Photo: Jana Novak/Agora Demo)', 'Jana Novak/Agora Demo'],
    ['(Image: NASA)', 'NASA'],
    ['(Credit: City of Brno)', 'City of Brno'],
    ['(photo credit: K. Osei)', 'K. Osei'],
    ['(AP Photo/Evan Vucci)', 'AP Photo/Evan Vucci'],
    ['(Jana Novak/Reuters)', 'Jana Novak/Reuters'],
  ])('recognises the credit %s', (credit, expected) => {
    const parsed = parsePage(page('T', '', 'Firefighters at work,', `on Monday. ${credit}  `, '', 'Body.'));
    expect(parsed.caption).toBe('Firefighters at work,\non Monday.');
    expect(parsed.credit).toBe(expected);
    expect(parsed.body).toBe('Body.');
  });

  it.each(['(2019/20)', '(see below)', '(Photo by )', 'Photo by Reuters'])(
    'keeps a first paragraph ending in %s as body',
    (ending) => {
      const parsed = parsePage(page('T', '', `The season ${ending}`, '', 'More.'));
      expect(parsed.caption).toBeNull();
      expect(parsed.credit).toBeNull();
      expect(parsed.body).toBe(`The season ${ending}\n\nMore.`);
    },
  );

  it('gives a credit-only paragraph a credit and no caption', () => {
    const parsed = parsePage(page('T', '', '(Photo by Reuters)', '', 'Body.'));
    expect(parsed.caption).toBeNull();
    expect(parsed.credit).toBe('Reuters');
  });
});

describe('parsePage errors', () => {
  it.each([
    ['empty input', '', 1],
    ['whitespace only', ' \n\t\r\n  ', 1],
    ['a BOM only', '\uFEFF', 1],
    ['no headline', '\n\n  \u2022 A\n    hi', 3],
    ['a bullet without a name', 'T\n\n  \u2022 A\n    hi\n  \u2022   \n    there', 5],
    ['a comment without a body or replies', 'T\n  \u2022 A\n  \u2022 B\n    hi', 2],
    ['a last comment without a body', 'T\n  \u2022 A\n    hi\n    \u2022 B', 4],
    ['text outside any comment', 'T\n  \u2022 A\n    hi\n  stray', 4],
  ])('rejects %s', (_name, text, line) => {
    expect(parseError(text).line).toBe(line);
  });

  it('puts the line number in the message', () => {
    expect(parseError('T\n\u2022\n').message).toMatch(/^line 2: /);
  });
});

describe('parsePage on large and hostile input', () => {
  it('parses a page of several megabytes, deeply nested, in linear time', () => {
    const lines = ['Big page', ''];
    for (let i = 0; i < 20_000; i++) lines.push('  \u2022 reader' + i, '', '    ' + 'words '.repeat(20), '');
    const depth = 2_000;
    for (let d = 0; d < depth; d++) lines.push(' '.repeat(d) + '\u2022 n' + d, ' '.repeat(d + 1) + 'x');
    const text = lines.join('\n');
    expect(text.length).toBeGreaterThan(2_500_000);
    const started = performance.now();
    const parsed = parsePage(text);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(parsed.comments).toHaveLength(20_001);
    let node = parsed.comments[20_000];
    let levels = 0;
    while (node) {
      levels++;
      node = node.replies[0];
    }
    expect(levels).toBe(depth);
  });

  const naughty = JSON.parse(
    readFileSync(join(sharedDir(), 'data', 'naughty-strings', 'blns.json'), 'utf8'),
  ) as string[];

  // Only spaces and tabs are indentation; other leading whitespace is part of the text.
  const asBody = (s: string): string => s.replace(/^[ \t]+/, '').trimEnd();

  it('reads back every naughty string as an author name or raises PageParseError', () => {
    let accepted = 0;
    for (const s of naughty) {
      let parsed;
      try {
        parsed = parsePage(page('T', '', `  \u2022 ${s}`, '    body'));
      } catch (error) {
        expect(error, JSON.stringify(s)).toBeInstanceOf(PageParseError);
        continue;
      }
      expect(parsed.comments[0]?.author, JSON.stringify(s)).toBe(s.trim());
      accepted++;
    }
    // Only the blank strings should be refused.
    expect(accepted).toBe(naughty.filter((s) => s.trim() !== '').length);
  });

  it('reads back every naughty string as a comment body or raises PageParseError', () => {
    let accepted = 0;
    for (const s of naughty) {
      let parsed;
      try {
        parsed = parsePage(page('T', '', '  \u2022 Ann', `    ${s}`));
      } catch (error) {
        expect(error, JSON.stringify(s)).toBeInstanceOf(PageParseError);
        continue;
      }
      expect(parsed.comments[0]?.body, JSON.stringify(s)).toBe(asBody(s));
      accepted++;
    }
    expect(accepted).toBe(naughty.filter((s) => s.trim() !== '').length);
  });
});
