import { describe, expect, it } from 'vitest';
import { normalize, normalizeWithOffsets } from './normalize.js';

describe('normalize', () => {
  it.each([
    ['FUCK You', 'fuck you'],
    ['fuuuuuck off', 'fuck off'],
    ['f u c k you', 'fuck you'],
    ['f.u.c.k', 'fuck'],
    ['f-u-c-k this', 'fuck this'],
    ['f\u200Bu\u200Cc\u200Dk', 'fuck'],
    ['sh\uFEFFit', 'shit'],
    ['$h1t', 'shit'],
    ['sh!t', 'shit'],
    ['b1tch', 'bitch'],
    ['\u0441\u0443\u043A\u0430 idi\u043Et', 'cyka idiot'], // Cyrillic look-alikes, and one inside a Latin word
    ['\u0455h\u0456t', 'shit'],
    ['\u03B9di\u03BFt', 'idiot'], // Greek iota and omicron
    ['\uFF26\uFF35\uFF23\uFF2B', 'fuck'], // fullwidth
    ['\uD835\uDC1F\uD835\uDC2E\uD835\uDC1C\uD835\uDC24', 'fuck'], // mathematical bold
    ['\uA730\u1D1C\u1D04\u1D0B', 'fuck'], // small capitals
    ['stüpid café', 'stupid cafe'],
    ['  lots   of\n\nspace ', 'lots of space'],
  ])('%j → %j', (input, expected) => {
    expect(normalize(input)).toBe(expected);
  });

  it('leaves ordinary text, numbers and other scripts alone', () => {
    expect(normalize('Good book, 2020 was the 1st year')).toBe('good book, 2020 was the 1st year');
    expect(normalize('idiot!')).toBe('idiot!');
    expect(normalize('привет мир')).toBe('привет мир');
    expect(normalize('so I said no')).toBe('so i said no');
  });

  it('maps every output character back to the input it came from', () => {
    const input = 'Hey F.U.C.K yoooou';
    const { text, starts, ends } = normalizeWithOffsets(input);
    expect(text).toBe('hey fuck you');
    const at = text.indexOf('fuck');
    expect(input.slice(starts[at], ends[at + 3])).toBe('F.U.C.K');
    const you = text.indexOf('you');
    expect(input.slice(starts[you], ends[you + 2])).toBe('yoooou');
  });
});
