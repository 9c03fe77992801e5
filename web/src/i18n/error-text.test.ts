import { describe, expect, test } from 'vitest';
import { errorParams, errorText, issueLines, issuesByField } from './error-text.ts';
import * as errors from './messages/errors.ts';

const RAW = /\b[a-z]+_[a-z_]+\b|Invalid input|expected|received|Unknown colour/;

describe('error text', () => {
  test('a code with parameters reads in each language, with the value the seller sent', () => {
    const params = errorParams({ params: { value: 'Camel' } });
    expect(errorText(errors.fr, 'unknown_colour', params)).toBe('Couleur « Camel » inconnue de Vinted : choisissez-en une dans la liste.');
    expect(errorText(errors.en, 'unknown_colour', params)).toBe('Colour “Camel” unknown to Vinted: pick one from the list.');
    // Without the parameter the sentence still reads.
    expect(errorText(errors.fr, 'unknown_colour')).toBe('Couleur inconnue de Vinted : choisissez-en une dans la liste.');
    expect(errorText(errors.fr, 'file_too_large', errorParams({ filename: 'IMG_1.jpg', max_mb: 15 }))).toContain('« IMG_1.jpg »');
  });

  test('an unknown code gets a generic sentence, never the code or the server’s English', () => {
    for (const t of [errors.fr, errors.en]) {
      const s = errorText(t, 'some_new_code', { message: 'The cookie is not usable' });
      expect(s).toBe(t.unknownCode);
      expect(s).not.toMatch(RAW);
    }
  });

  test('validation issues become "Field: what is wrong" in the seller’s language', () => {
    const details = { issues: [
      { path: 'price', message: 'Invalid input: expected number, received null', code: 'invalid_type', params: { expected: 'number' } },
      { path: 'title', message: 'Too small: expected string to have >=5 characters', keyword: 'too_small', params: { origin: 'string', minimum: 5 } },
      { path: 'items.0.drop_rate', message: 'Too big', code: 'too_big', maximum: 0.5, origin: 'number' },
      { path: 'mystery_field', message: 'Invalid input' },
    ] };
    expect(issueLines(errors.fr, details)).toEqual([
      'Prix : valeur manquante ou du mauvais type',
      'Titre : au moins 5 caractères',
      'Baisse par jour : au plus 0,5',
      'Une valeur : valeur non acceptée',
    ]);
    for (const line of [...issueLines(errors.fr, details), ...issueLines(errors.en, details)]) expect(line).not.toMatch(RAW);
    expect(issuesByField(errors.en, details)).toMatchObject({ price: 'missing or of the wrong type', title: 'at least 5 characters', items: 'at most 0.5' });
  });
});
