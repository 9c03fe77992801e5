// Plain words for the API's stable error codes in both languages, one file per language.
export { fr } from './errors-fr.ts';
export { en } from './errors-en.ts';
