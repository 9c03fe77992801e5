import { describe, expect, test } from 'vitest';
import { dictionaries } from '../../i18n/index.tsx';
import { explainEntry, explainLog, type LogEntry } from './explain-log.ts';

// The log lines the grouping writes for a lot (the developer's words the seller must never read).
const photos = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `p${i}`, filename: `haul/IMG_${1001 + i}.jpg` }));
const LOG: LogEntry[] = [
  { rule: 'consecutive_shots', photos: photos(3), evidence: { mean_probability: 0.77, weakest: { a: 'IMG_1001.jpg', b: 'IMG_1003.jpg', probability: 0.61 } } },
  { rule: 'new_garment', photos: photos(2), evidence: { previous: 'p0', probability: 0.12, gap_s: 40, time_evidence: -0.4 } },
  { rule: 'close_up_shot_after_garment', photos: photos(1), evidence: { colour_before: 0.4, colour_after: 0.2 } },
  { rule: 'few_photos', photos: photos(2), evidence: { photos: 2, min_photos: 3 } },
  { rule: 'categorised', photos: photos(1), evidence: { votes: { jumper: 0.77, cardigan: 0.12 }, labels: [] } },
  { rule: 'edit_fields', photos: [], evidence: { color: 'light_pink', brand: 'Zara', category_score: 1 } },
  { rule: 'categorised', photos: photos(1), evidence: { votes: { mules: 0.81 }, labels: [], colours: ['light_pink', 'green'], brand: null, size: null } },
  { rule: 'edit_keep_duplicate', photos: photos(1), evidence: { kind: 'near', was_duplicate_of: 'p9' } },
  { rule: 'close_up_detail_region', photos: photos(2), evidence: { of: 'p1', similarity: 0.72 } },
  { rule: 'same_garment_centre', photos: photos(2), evidence: { of: 'p1', similarity: 0.64, margin: 0.2 } },
  { rule: 'some_future_rule', photos: [], evidence: {} },
];

describe('grouping explanation', () => {
  test('every log line reads in the seller’s language, without raw codes or probabilities', () => {
    for (const lang of ['fr', 'en'] as const) {
      for (const e of LOG) {
        const line = explainEntry(e, dictionaries[lang], lang);
        expect(line).not.toMatch(/\b[a-z]+_[a-z_]+\b|probability|0\.\d+|consecutive/);
        expect(line.length).toBeGreaterThan(10);
      }
    }
  });

  test('the French sentences', () => {
    const fr = (i: number) => explainEntry(LOG[i], dictionaries.fr, 'fr');
    expect(fr(0)).toBe('IMG_1001.jpg à IMG_1003.jpg : 3 photos prises à la suite qui montrent le même vêtement (ressemblance nette).');
    expect(fr(1)).toContain('Nouvel article à partir de IMG_1002.jpg');
    expect(fr(4)).toBe('Catégorie devinée d’après les photos : Pull (confiance 77 %).');
    expect(fr(5)).toBe('Vous avez corrigé : couleur = Rose, marque = Zara.');
    expect(explainEntry(LOG[5], dictionaries.en, 'en')).toBe('You corrected: colour = Light pink, brand = Zara.');
    // The colours seen (catalogue keys from the server) in words; a second colour is pointed out as maybe the background.
    expect(fr(6)).toContain('Couleurs vues sur la photo de couverture : rose, vert.');
    expect(fr(6)).toContain('« Couleur 2 »');
    expect(fr(9)).toBe('IMG_1001.jpg a été prise sur un autre fond, mais le vêtement au centre est celui de IMG_1002.jpg : elle rejoint ce groupe.');
    expect(explainEntry(LOG[6], dictionaries.en, 'en')).toContain('Colours seen on the cover photo: light pink, green.');
    expect(fr(7)).toBe('Vous avez gardé IMG_1001.jpg, mise de côté comme doublon.');
    // A detail shot placed by the region of the whole view it shows (photos without capture times).
    expect(fr(8)).toBe('Le gros plan IMG_1001.jpg va avec le vêtement dont une partie de la photo d’ensemble lui ressemble (c’est un détail de ce vêtement).');
  });

  test('a group measured again after a fix reads its latest category only, not the one before the fix', () => {
    const before: LogEntry = { rule: 'categorised', photos: photos(1), evidence: { votes: { jumper: 0.56 }, labels: [] } };
    const after: LogEntry = { rule: 'categorised', photos: photos(1), evidence: { votes: { shorts: 0.53 }, labels: [] } };
    const lines = explainLog([LOG[0], before, { rule: 'edit_move', photos: photos(1), evidence: {} }, after], dictionaries.fr, 'fr');
    expect(lines).toHaveLength(3);
    expect(lines.filter((l) => l.startsWith('Catégorie'))).toEqual([explainEntry(after, dictionaries.fr, 'fr')]);
  });
});
