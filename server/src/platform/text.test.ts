import { describe, expect, it } from 'vitest';
import { jsonDeeperThan } from './json-depth.ts';
import { cleanDeep, cleanLine, cleanText, hasControlCharacters } from './text.ts';

describe('the text rule', () => {
  it('removes C0 controls and DEL, keeps tab and newline, turns CR LF and CR into a newline', () => {
    expect(cleanText('a\u0000b\u0007c\u001b[2Jd\u007fe')).toBe('abc[2Jde');
    expect(cleanText('one\r\ntwo\rthree\nfour\tfive')).toBe('one\ntwo\nthree\nfour\tfive');
    expect(cleanText('Très bon état — 100 %')).toBe('Très bon état — 100 %');
    expect(hasControlCharacters('ok\n\t')).toBe(false);
    expect(hasControlCharacters('ok\u0000')).toBe(true);
  });

  it('makes one-line text of a title', () => {
    expect(cleanLine('Pull\r\nbleu\tmarine\u0000')).toBe('Pull bleu marine');
  });

  it('cleans every string of a JSON value, keys included, without ever calling the prototype setter', () => {
    const v = JSON.parse('{"a\\u0000":["x\\u0007",{"b":"y\\r\\n"}],"__proto__":{"admin":true},"n":1}');
    const out = cleanDeep(v);
    expect(out).toEqual({ a: ['x', { b: 'y\n' }], ['__proto__']: { admin: true }, n: 1 });
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});

describe('jsonDeeperThan', () => {
  it('counts nesting outside strings only', () => {
    expect(jsonDeeperThan('[[[]]]', 3)).toBe(false);
    expect(jsonDeeperThan('[[[[]]]]', 3)).toBe(true);
    expect(jsonDeeperThan('{"a":"[[[[[[\\"[[["}', 1)).toBe(false);
    expect(jsonDeeperThan(`${'['.repeat(1_000_000)}`, 64)).toBe(true);
  });
});
