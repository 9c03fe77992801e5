// The words sellers write in spreadsheets and notes for a colour or a condition that Vinted names otherwise:
// "camel" is Vinted's beige, "écru" its cream, "TBE" its "Très bon état". Keys are compared lower-case, without
// accents and with single spaces (see `foldWord`); values are our keys (colours.ts, conditions.ts).

/** Lower case, no accents, one space between words: how a synonym is looked up. */
export const foldWord = (s: string) => s.trim().toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/[\s_-]+/g, ' ');

export const COLOUR_SYNONYMS: Readonly<Record<string, string>> = {
  // Browns, beiges and creams
  camel: 'beige', sable: 'beige', nude: 'beige', 'beige clair': 'beige', tan: 'beige', sand: 'beige', taupe: 'grey',
  ecru: 'cream', ivoire: 'cream', ivory: 'cream', 'blanc casse': 'cream', 'off white': 'cream', 'coquille d oeuf': 'cream',
  cognac: 'brown', chocolat: 'brown', caramel: 'brown', 'marron clair': 'brown', 'marron fonce': 'brown', chataigne: 'brown', chocolate: 'brown',
  // Reds and pinks
  'rouge bordeaux': 'burgundy', 'lie de vin': 'burgundy', 'rouge fonce': 'burgundy', wine: 'burgundy', maroon: 'burgundy', grenat: 'burgundy',
  'rose pale': 'light_pink', 'rose poudre': 'light_pink', 'vieux rose': 'light_pink', 'rose clair': 'light_pink', 'pale pink': 'light_pink', blush: 'light_pink',
  framboise: 'pink', magenta: 'pink', 'rose fuchsia': 'pink', 'hot pink': 'pink',
  saumon: 'coral', salmon: 'coral', peche: 'apricot', peach: 'apricot', brique: 'orange', rouille: 'orange', rust: 'orange', terracotta: 'orange',
  // Blues and greens
  'bleu ciel': 'light_blue', 'bleu pale': 'light_blue', 'sky blue': 'light_blue', 'baby blue': 'light_blue',
  'bleu nuit': 'navy', 'bleu fonce': 'navy', 'dark blue': 'navy', 'navy blue': 'navy', 'bleu roi': 'blue', 'bleu electrique': 'blue', 'royal blue': 'blue', denim: 'blue', indigo: 'navy',
  'bleu canard': 'turquoise', 'bleu turquoise': 'turquoise', 'bleu vert': 'turquoise', teal: 'turquoise',
  olive: 'khaki', 'vert olive': 'khaki', 'vert kaki': 'khaki', 'vert militaire': 'khaki', 'army green': 'khaki',
  'vert sapin': 'dark_green', 'vert bouteille': 'dark_green', 'vert fonce': 'dark_green', 'vert emeraude': 'dark_green', emerald: 'dark_green', 'forest green': 'dark_green',
  'vert d eau': 'mint', 'vert menthe': 'mint', 'vert pastel': 'mint',
  // Purples and yellows
  mauve: 'lilac', lavande: 'lilac', lavender: 'lilac', parme: 'lilac', prune: 'purple', aubergine: 'purple', plum: 'purple', 'violet fonce': 'purple',
  ocre: 'mustard', 'jaune moutarde': 'mustard', ochre: 'mustard', 'jaune pale': 'yellow', citron: 'yellow',
  // Greys, blacks, whites, metals
  anthracite: 'grey', 'gris chine': 'grey', 'gris clair': 'grey', 'gris fonce': 'grey', charcoal: 'grey', 'light grey': 'grey', 'dark grey': 'grey',
  'noir profond': 'black', jais: 'black', 'blanc pur': 'white', 'blanc optique': 'white',
  // Not "or" (gold): the same word as the conjunction in an English note.
  argent: 'silver', dore: 'gold', transparent: 'clear', multicolore: 'multi',
};

export const CONDITION_SYNONYMS: Readonly<Record<string, 'new_with_tags' | 'new_without_tags' | 'very_good' | 'good' | 'satisfactory'>> = {
  'neuf avec etiquettes': 'new_with_tags', 'neuve avec etiquette': 'new_with_tags', 'avec etiquette': 'new_with_tags', 'new with tag': 'new_with_tags', 'brand new': 'new_with_tags',
  'neuf sans etiquettes': 'new_without_tags', 'neuve sans etiquette': 'new_without_tags', neuve: 'new_without_tags', 'jamais porte': 'new_without_tags', 'jamais portee': 'new_without_tags', nwot: 'new_without_tags', 'never worn': 'new_without_tags',
  'comme neuf': 'very_good', 'comme neuve': 'very_good', 'excellent etat': 'very_good', excellent: 'very_good', tbe: 'very_good', 'tres bon etat general': 'very_good', 'like new': 'very_good', 'excellent condition': 'very_good',
  be: 'good', 'bon etat general': 'good', porte: 'good', portee: 'good', 'etat correct': 'satisfactory', correct: 'satisfactory', moyen: 'satisfactory', 'etat moyen': 'satisfactory',
  use: 'satisfactory', usee: 'satisfactory', 'assez bon etat': 'satisfactory', fair: 'satisfactory', used: 'good', worn: 'good',
};
