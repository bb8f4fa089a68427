import { describe, expect, it } from 'vitest';
import { compileWordList } from './word-list.js';

describe('word lists', () => {
  const list = compileWordList(['moron', 'idiot*', 'go back to', '  ', 'Scum']);

  it('matches whole words and phrases, reporting where in the original text', () => {
    const text = 'You are a MORON, go back to where you came from';
    const found = list.matches(text);
    expect(found.map((m) => m.term)).toEqual(['moron', 'go back to']);
    expect(text.slice(found[0]!.begin, found[0]!.end)).toBe('MORON');
    expect(text.slice(found[1]!.begin, found[1]!.end)).toBe('go back to');
  });

  it('sees through the usual evasions', () => {
    for (const text of ['m o r o n', 'm.o.r.o.n', 'mooooron', 'm0r0n', 'mοrοn' /* Greek omicron */, 'mo\u200bron', 'ＭＯＲＯＮ', 'sc*m? no: SCUM']) {
      expect(list.first(text), text).toBeDefined();
    }
  });

  it('honours a trailing * and never matches inside another word', () => {
    expect(list.first('what idiotic rules')?.term).toBe('idiot*');
    expect(list.first('oxymoronic and scumble')).toBeUndefined();
    expect(list.first('go back home')).toBeUndefined();
    expect(compileWordList([]).first('anything')).toBeUndefined();
    expect(list.size).toBe(4);
    expect(compileWordList(['watch your back*']).first('Watch your backs.')?.term).toBe('watch your back*');
  });
});
