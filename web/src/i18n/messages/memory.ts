import type { Messages } from '../types.ts';

// The seller's memory in the settings (what the offline analyser learnt from their confirmed items) and its reset.
export const fr = {
  title: 'Mémoire de vos articles',
  explain: 'Chaque article que vous enregistrez avec une catégorie, une couleur ou une marque, publiez ou vendez est mémorisé photo par photo. L’analyse hors ligne reconnaît ensuite vos prochains articles semblables, sur votre sol et dans votre lumière. Rien ne quitte votre machine.',
  count: (photos: number, items: number) => photos ? `${photos} photo${photos > 1 ? 's' : ''} de ${items} article${items > 1 ? 's' : ''} confirmé${items > 1 ? 's' : ''}` : 'Aucun article mémorisé pour l’instant.',
  trust: (pct: number) => `Poids de la mémoire dans l’analyse : ${pct} %. Il baisse si vos confirmations montrent qu’elle se trompe là où le modèle générique avait raison.`,
  reset: 'Oublier mes articles',
  confirmTitle: 'Oublier vos articles confirmés ?',
  confirmText: 'L’analyse hors ligne reviendra au modèle générique seul. Vos annonces ne changent pas ; les articles confirmés ensuite seront de nouveau mémorisés.',
  forgotten: (n: number) => `${n} photo${n > 1 ? 's' : ''} oubliée${n > 1 ? 's' : ''}`,
};

export const en: Messages<typeof fr> = {
  title: 'Memory of your items',
  explain: 'Each item you save with a category, colour or brand, publish or sell is remembered photo by photo. The offline analysis then recognises your next similar items, on your floor and in your light. Nothing leaves your machine.',
  count: (photos: number, items: number) => photos ? `${photos} photo${photos > 1 ? 's' : ''} from ${items} confirmed item${items > 1 ? 's' : ''}` : 'No item remembered yet.',
  trust: (pct: number) => `Weight of the memory in the analysis: ${pct}%. It drops when your confirmations show it wrong where the generic model was right.`,
  reset: 'Forget my items',
  confirmTitle: 'Forget your confirmed items?',
  confirmText: 'The offline analysis goes back to the generic model alone. Your listings do not change; items confirmed afterwards are remembered again.',
  forgotten: (n: number) => `${n} photo${n > 1 ? 's' : ''} forgotten`,
};
