import { foldKey } from './csv-cells.ts';

// The columns a CSV import understands, French and English, and the ones our own export writes. Headers are
// matched after foldKey (case, accents, spaces and dashes do not matter).
export type ImportField =
  | 'id' | 'title' | 'description' | 'price' | 'size' | 'brand' | 'condition' | 'category' | 'status' | 'colors'
  | 'material' | 'gender' | 'keywords' | 'hashtags' | 'photos' | 'sold_price' | 'estimated_sale_score' | 'floor' | 'drop_rate'
  | 'auto_drop' | 'publish_opt_in' | 'suggestion_min' | 'suggestion_target' | 'suggestion_max' | 'suggestion_justification'
  | 'vinted_listing_id' | 'vinted_url' | 'created_at' | 'updated_at' | 'listed_at' | 'sold_at' | 'archived_at';

const ALIASES: Record<ImportField, string[]> = {
  id: ['id', 'identifiant', 'item_id'],
  title: ['titre', 'title', 'nom', 'name'],
  description: ['description', 'desc'],
  price: ['prix', 'price', 'prix_eur', 'price_eur', 'prix_de_vente_demande'],
  size: ['taille', 'size', 'pointure'],
  brand: ['marque', 'brand'],
  condition: ['etat', 'condition', 'state'],
  category: ['categorie', 'category', 'type'],
  status: ['statut', 'status'],
  colors: ['couleur', 'couleurs', 'color', 'colors', 'colour', 'colours'],
  material: ['matiere', 'matieres', 'material', 'materials'],
  gender: ['genre', 'sexe', 'gender', 'pour', 'rayon'],
  keywords: ['mots_cles', 'mots_cle', 'keywords'],
  hashtags: ['hashtags', 'tags'],
  photos: ['photos', 'photo_ids'],
  sold_price: ['prix_vendu', 'prix_de_vente', 'sold_price'],
  estimated_sale_score: ['score_de_vente', 'estimated_sale_score', 'sale_score'],
  floor: ['prix_plancher', 'plancher', 'floor', 'floor_price'],
  drop_rate: ['taux_de_baisse', 'drop_rate'],
  auto_drop: ['baisse_auto', 'auto_drop'],
  publish_opt_in: ['publication_auto', 'publish_opt_in'],
  suggestion_min: ['prix_suggere_min', 'price_suggestion_min'],
  suggestion_target: ['prix_suggere', 'prix_suggere_cible', 'price_suggestion_target'],
  suggestion_max: ['prix_suggere_max', 'price_suggestion_max'],
  suggestion_justification: ['justification', 'price_suggestion_justification'],
  vinted_listing_id: ['vinted_id', 'vinted_listing_id'],
  vinted_url: ['lien_vinted', 'vinted_url'],
  created_at: ['cree_le', 'created_at', 'date_creation'],
  updated_at: ['modifie_le', 'updated_at'],
  listed_at: ['mis_en_vente_le', 'listed_at'],
  sold_at: ['vendu_le', 'sold_at'],
  archived_at: ['archive_le', 'archived_at'],
};

// Columns our export writes that an import reads but does not take (computed by the app, never set by hand).
const COMPUTED = new Set(['possible_duplicate', 'duplicate_of', 'publish_ready', 'missing_fields', 'demo', 'price_history']);

const BY_ALIAS = new Map<string, ImportField>();
for (const [field, aliases] of Object.entries(ALIASES) as [ImportField, string[]][]) for (const a of aliases) BY_ALIAS.set(a, field);

export interface HeaderMap {
  /** Column index → field. */
  columns: (ImportField | null)[];
  unknown: string[];
  duplicates: string[];
}

export function mapHeader(header: string[]): HeaderMap {
  const seen = new Set<ImportField>();
  const columns: (ImportField | null)[] = [];
  const unknown: string[] = [];
  const duplicates: string[] = [];
  for (const h of header) {
    const key = foldKey(h);
    const field = BY_ALIAS.get(key) ?? null;
    if (field && seen.has(field)) duplicates.push(h);
    if (field) seen.add(field);
    else if (!COMPUTED.has(key) && key !== '') unknown.push(h);
    columns.push(field);
  }
  return { columns, unknown, duplicates };
}

const STATUS_WORDS: Record<string, 'draft' | 'listed' | 'sold' | 'archived'> = {
  draft: 'draft', brouillon: 'draft',
  listed: 'listed', published: 'listed', active: 'listed', online: 'listed', en_vente: 'listed', en_ligne: 'listed', publie: 'listed', a_vendre: 'listed',
  sold: 'sold', vendu: 'sold', vendue: 'sold',
  archived: 'archived', archive: 'archived', archivee: 'archived', retire: 'archived',
};

export function parseStatus(raw: string): 'draft' | 'listed' | 'sold' | 'archived' | null {
  return STATUS_WORDS[foldKey(raw)] ?? null;
}

export function parseBoolean(raw: string): boolean | null {
  const k = foldKey(raw);
  if (['1', 'true', 'oui', 'yes', 'vrai', 'on', 'y', 'o'].includes(k)) return true;
  if (['0', 'false', 'non', 'no', 'faux', 'off', 'n'].includes(k)) return false;
  return null;
}
