import type { Messages } from '../types.ts';

// The price model learned from the seller's sales, on the Statistics page: whether it prices new items, how it measured
// against the price table on the newest sales, and "train now".
export const fr = {
  title: 'Prix appris sur vos ventes',
  explain: 'À partir de 50 ventes, VintedBot apprend vos prix (catégorie, marque, état, taille, couleur, saison, délai de vente, baisses). Il l’essaie sur vos ventes les plus récentes et ne l’utilise pour les nouveaux articles que s’il y vise plus juste que le barème. Réentraîné chaque nuit.',
  waiting: (have: number, need: number) => `${have} vente${have > 1 ? 's' : ''} enregistrée${have > 1 ? 's' : ''} sur les ${need} nécessaires : le barème fixe les prix en attendant.`,
  inUse: 'Utilisé pour les nouveaux articles',
  notUsed: 'Non utilisé : le barème fixe les prix',
  measured: (model: string, table: string, tested: number, learnt: number) =>
    `Sur vos ${tested} ventes les plus récentes, il s’écartait en moyenne de ${model} du prix de vente, le barème de ${table} (appris sur les ${learnt} précédentes).`,
  reasons: {
    too_few_sales: 'Pas assez de ventes lors du dernier entraînement.',
    beats_rules: 'Il visait plus juste que le barème : il prend le relais.',
    rules_better: 'Il ne visait pas plus juste que le barème : le barème reste.',
  } as Record<string, string>,
  lastRun: (when: string) => `Dernier entraînement : ${when}`,
  never: 'Jamais entraîné.',
  train: 'Entraîner maintenant',
  trained: 'Entraînement terminé',
};

export const en: Messages<typeof fr> = {
  title: 'Prices learned from your sales',
  explain: 'From 50 sales on, VintedBot learns your prices (category, brand, condition, size, colour, season, time to sell, drops). It tries them on your most recent sales and uses them for new items only when they come closer than the price table. Retrained every night.',
  waiting: (have: number, need: number) => `${have} sale${have > 1 ? 's' : ''} recorded of the ${need} needed: the price table sets prices meanwhile.`,
  inUse: 'Used for new items',
  notUsed: 'Not used: the price table sets prices',
  measured: (model: string, table: string, tested: number, learnt: number) =>
    `On your ${tested} most recent sales it was off by ${model} on average, the price table by ${table} (learned from the ${learnt} before).`,
  reasons: {
    too_few_sales: 'Not enough sales at the last training.',
    beats_rules: 'It came closer than the price table: it takes over.',
    rules_better: 'It did not come closer than the price table: the table stays.',
  },
  lastRun: (when: string) => `Last training: ${when}`,
  never: 'Never trained.',
  train: 'Train now',
  trained: 'Training finished',
};
