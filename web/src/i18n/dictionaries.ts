// Both languages' dictionaries, built from the page parts (no React here: tests and tools import it too).
import * as errors from './messages/errors.ts';
import * as shell from './messages/shell.ts';
import { DICTIONARY_PARTS } from './parts.ts';
import type { Lang } from './types.ts';

function build(lang: Lang) {
  const parts = Object.fromEntries(Object.entries(DICTIONARY_PARTS).map(([k, v]) => [k, v[lang]])) as {
    [K in keyof typeof DICTIONARY_PARTS]: (typeof DICTIONARY_PARTS)[K]['fr'];
  };
  return { ...shell[lang], errors: errors[lang], ...parts };
}
export type Dict = ReturnType<typeof build>;

export const DICTIONARIES: Record<Lang, Dict> = { fr: build('fr'), en: build('en') };
