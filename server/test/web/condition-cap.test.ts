import { CONDITIONS, DEFECT_SEVERITIES, type Defect } from '@vintedbot/catalog';
import { describe, expect, test } from 'vitest';
import { conditionCapNote } from '../../../web/src/pages/new-listing/condition-cap.ts';
import { en, fr } from '../../../web/src/i18n/messages/new-listing.ts';
import { conditionWithDefects } from '../../src/modules/analysis/defects.ts';

// The new-listing page says why the condition field shows less than the seller gave (web/src/pages/new-listing/
// condition-cap.ts): run it against the server's own cap so the two rules stay in step.
const defect = (severity: Defect['severity'], type: Defect['type'] = 'stain'): Defect => ({ type, severity, photo: null, location: null });

describe('the condition capped by the defects, said on the new-listing page', () => {
  test('a note exactly when a defect holds the condition the server composes', () => {
    const sets = [[], ...DEFECT_SEVERITIES.map((s) => [defect(s)]), [defect('minor'), defect('major', 'hole')], [defect('moderate'), defect('moderate', 'wear')]];
    for (const given of [null, ...CONDITIONS]) {
      for (const defects of sets) {
        const shown = conditionWithDefects(given, defects);
        const note = conditionCapNote(shown, defects, 'fr', fr.defects, fr.conditionCapped);
        const lowered = shown !== given;
        // Lowered by a defect: always said. Not lowered: said only when the seller's own condition is the cap itself.
        if (lowered) expect(note, `${given} ${JSON.stringify(defects)}`).not.toBeNull();
        if (!defects.length) expect(note).toBeNull();
      }
    }
  });

  test('names the capping defects in the seller\'s language', () => {
    const defects = [defect('minor'), defect('major', 'hole')];
    expect(conditionCapNote('satisfactory', defects, 'fr', fr.defects, fr.conditionCapped)).toBe('État au mieux « Satisfaisant » avec ce défaut : Trou (important).');
    expect(conditionCapNote('satisfactory', defects, 'en', en.defects, en.conditionCapped)).toBe('Condition at best “Satisfactory” with this defect: Hole (large).');
    expect(conditionCapNote('good', [defect('moderate'), defect('moderate', 'wear')], 'fr', fr.defects, fr.conditionCapped)).toBe('État au mieux « Bon état » avec ces défauts : Tache (visible), Usure (visible).');
    expect(conditionCapNote('good', [defect('minor')], 'fr', fr.defects, fr.conditionCapped)).toBeNull();
  });
});
