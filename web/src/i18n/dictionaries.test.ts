import { describe, expect, test } from 'vitest';
import * as errors from './messages/errors.ts';
import * as shell from './messages/shell.ts';
import { DICTIONARY_PARTS } from './parts.ts';

// Every label exists in French and English, with the same keys and no blank text (the types check the shape;
// this also catches the keys of Record<string, string> tables, such as error codes, which types cannot).
const parts: Record<string, { fr: unknown; en: unknown }> = { shell, errors, ...DICTIONARY_PARTS };

function leaves(o: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (o && typeof o === 'object') {
    for (const [k, v] of Object.entries(o)) for (const [p, x] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(p, x);
  } else out.set(prefix, o);
  return out;
}

describe('dictionaries', () => {
  for (const [name, { fr, en }] of Object.entries(parts)) {
    test(`${name}: the same labels in French and English, none empty`, () => {
      const f = leaves(fr);
      const e = leaves(en);
      expect([...e.keys()].sort()).toEqual([...f.keys()].sort());
      for (const [k, v] of [...f, ...e]) {
        if (typeof v === 'function') expect(String(v(2, 3)).trim(), k).not.toBe('');
        else expect(typeof v === 'string' && v.trim().length > 0, k).toBe(true);
      }
    });
  }

  // "3 fichier(s)" reads as a form, not a sentence: every count is worded in the singular or the plural instead.
  test('no label writes a count with "(s)"', () => {
    const words = (n: number) => ({ count: n, cells: n, expected: n + 1, minimum: n, maximum: n, waiting: n, origin: 'array' });
    const shouts: string[] = [];
    for (const [name, { fr, en }] of Object.entries(parts)) {
      for (const [k, v] of [...leaves(fr), ...leaves(en)]) {
        if (typeof v !== 'function') continue;
        for (const args of [[1, 1, 1, 1, '1', 1, 1], [2, 3, 2, 2, '2', 2, 2], [words(1)], [words(2)]]) {
          let out: unknown;
          try {
            out = v(...args);
          } catch {
            continue; // a label whose parameters are of another shape: the call above of its own shape covers it
          }
          if (typeof out === 'string' && /\p{L}\((s|e|es|ies|x)\)/u.test(out)) shouts.push(`${name}.${k}: ${out}`);
        }
      }
    }
    expect(shouts).toEqual([]);
  });

  test('plural forms follow each language', () => {
    expect(shell.fr.common.items(1)).toBe('1 article');
    expect(shell.fr.common.items(0)).toBe('0 article');
    expect(shell.en.common.items(0)).toBe('0 items');
    expect(shell.en.common.items(2)).toBe('2 items');
    expect(DICTIONARY_PARTS.bulk.fr.intake.chosen(1, '0,1')).toBe('1 fichier, 0,1 Mo');
    expect(DICTIONARY_PARTS.bulk.fr.board.duplicates(5)).toBe('5 photos en double écartées');
    expect(DICTIONARY_PARTS.bulk.en.board.whyText.split(1)).toBe('You split a group: 1 photo makes this one.');
    expect(DICTIONARY_PARTS.bulk.en.execute.summary(2, 3)).toBe('2 of 3 drafts');
    expect(DICTIONARY_PARTS.files.fr.report.summary(3, 1)).toBe('1 ligne valide sur 3');
    expect(DICTIONARY_PARTS.settings.en.maintenance.report(1, 2, 0, '0.1')).toBe('1 draft, 2 log entries, 0 orphan files (0.1 MB)');
  });
});
