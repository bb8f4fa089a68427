import { describe, expect, it } from 'vitest';
import { parseDelimited, parseRecords } from './csv.js';

describe('csv', () => {
  it('reads quoted fields with doubled quotes, delimiters and newlines inside', () => {
    expect(parseDelimited('a,b\r\n"x, ""y""","line1\nline2"\n')).toEqual([
      ['a', 'b'],
      ['x, "y"', 'line1\nline2'],
    ]);
  });

  it('reads tab-separated records keyed by header', () => {
    expect(parseRecords('id\ttweet\n1\t"@USER hi"" there"\n')).toEqual([{ 'id\ttweet': '1\t"@USER hi"" there"' }]);
    expect(parseRecords('id\ttweet\n1\t"@USER hi"" there"\n', '\t')).toEqual([{ id: '1', tweet: '@USER hi" there' }]);
  });
});
