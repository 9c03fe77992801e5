import { type Condition, CONDITION_INFO, getCategory, VINTED_COLOURS } from '@vintedbot/catalog';
import type { Column } from './csv-export.ts';
import { STOCK_COLUMNS } from './csv-export.ts';

// The stock CSV for a French seller: French headers and French values (catégorie "Pull", état "Très bon état",
// couleurs "Marine, Blanc", statut "en vente", oui/non), prices with a decimal comma. Every header and value is one
// our CSV import reads back (import-columns.ts), so the French file round-trips like the English one.

const HEADERS: Record<string, string> = {
  id: 'identifiant', title: 'titre', description: 'description', brand: 'marque', category: 'catégorie', size: 'taille', condition: 'état',
  colors: 'couleurs', material: 'matière', gender: 'genre', keywords: 'mots-clés', hashtags: 'hashtags', price: 'prix',
  price_suggestion_min: 'prix suggéré min', price_suggestion_target: 'prix suggéré', price_suggestion_max: 'prix suggéré max',
  price_suggestion_justification: 'justification', status: 'statut', listed_at: 'mis en vente le', sold_at: 'vendu le', sold_price: 'prix vendu',
  archived_at: 'archivé le', possible_duplicate: 'doublon possible', duplicate_of: 'doublon de', estimated_sale_score: 'score de vente',
  publish_ready: 'prêt à publier', missing_fields: 'champs manquants', photos: 'photos', vinted_listing_id: 'vinted id', vinted_url: 'lien vinted',
  auto_drop: 'baisse auto', drop_rate: 'taux de baisse', floor: 'prix plancher', publish_opt_in: 'publication auto', demo: 'démo',
  created_at: 'créé le', updated_at: 'modifié le',
  purchase_cost: 'coût d’achat', acquired_at: 'acheté le', source: 'provenance', sku: 'référence', storage_location: 'emplacement',
};

const STATUS_FR: Record<string, string> = { draft: 'brouillon', listed: 'en vente', sold: 'vendu', archived: 'archivé' };
const GENDER_FR: Record<string, string> = { women: 'femme', men: 'homme', kids: 'enfant' };
const ouiNon = (n: number) => (n ? 'oui' : 'non');
const colourFr = (json: string) => (JSON.parse(json) as string[]).map((k) => VINTED_COLOURS.find((c) => c.key === k)?.fr ?? k).join(', ');

const VALUES: Record<string, Column['value']> = {
  category: (r) => (r.row.category ? (getCategory(r.row.category)?.fr ?? r.row.category) : ''),
  condition: (r) => (r.row.condition ? (CONDITION_INFO[r.row.condition as Condition]?.fr ?? r.row.condition) : ''),
  colors: (r) => colourFr(r.row.colors),
  gender: (r) => (r.row.gender ? (GENDER_FR[r.row.gender] ?? r.row.gender) : ''),
  status: (r) => STATUS_FR[r.row.status] ?? r.row.status,
  possible_duplicate: (r) => ouiNon(r.row.possible_duplicate),
  publish_ready: (r) => ouiNon(r.row.publish_ready),
  auto_drop: (r) => (r.row.auto_drop_chosen ? ouiNon(r.row.auto_drop) : 'auto'),
  publish_opt_in: (r) => ouiNon(r.row.publish_opt_in),
  demo: (r) => ouiNon(r.row.demo),
  drop_rate: (r) => (r.row.drop_rate === null ? '' : `${String(Math.round(r.row.drop_rate * 10_000) / 100).replace('.', ',')} %`),
};

/** The stock columns in the seller's language: French headers and values, or the API's keys (`en`, the default of tools). */
export function stockColumns(lang: 'fr' | 'en'): Column[] {
  if (lang === 'en') return STOCK_COLUMNS;
  return STOCK_COLUMNS.map((c) => ({ header: HEADERS[c.header] ?? c.header, value: VALUES[c.header] ?? c.value }));
}

