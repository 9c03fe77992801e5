// The fake site's catalogue: leaves with the ids of shared/VINTED.md, the fields each leaf asks for, sizes with
// ids that are deliberately not our own (Vinted renumbers them: the connector must match sizes by label), a small
// brand list searched by keyword, conditions in a shuffled order (match by id, never by position), colours.

export type SizeGroup = 'letters' | 'women_numeric' | 'waist' | 'shoes' | 'one_size' | null;

export interface FakeLeaf { id: number; label: string; path: string; sizes: SizeGroup }

const W = 'Femmes';
const M = 'Hommes';
const leaf = (id: number, label: string, path: string, sizes: SizeGroup): FakeLeaf => ({ id, label, path, sizes });

export const LEAVES: FakeLeaf[] = [
  leaf(221, 'T-shirts', `${W} › Vêtements › Hauts et t-shirts`, 'letters'),
  leaf(222, 'Chemises', `${W} › Vêtements › Hauts et t-shirts`, 'letters'),
  leaf(1917, 'Pulls', `${W} › Vêtements › Sweats et pulls`, 'letters'),
  leaf(196, 'Sweats à capuche', `${W} › Vêtements › Sweats et pulls`, 'letters'),
  leaf(1907, 'Manteaux', `${W} › Vêtements › Manteaux et vestes`, 'letters'),
  leaf(1908, 'Vestes', `${W} › Vêtements › Manteaux et vestes`, 'letters'),
  leaf(10, 'Robes', `${W} › Vêtements`, 'women_numeric'),
  leaf(11, 'Jupes', `${W} › Vêtements`, 'women_numeric'),
  leaf(183, 'Jeans', `${W} › Vêtements`, 'waist'),
  leaf(9, 'Pantalons', `${W} › Vêtements`, 'women_numeric'),
  leaf(15, 'Shorts', `${W} › Vêtements`, 'women_numeric'),
  leaf(2632, 'Baskets', `${W} › Chaussures`, 'shoes'),
  leaf(156, 'Sacs à main', `${W} › Sacs`, 'one_size'),
  leaf(157, 'Sacs à dos', `${W} › Sacs`, 'one_size'),
  leaf(77, 'T-shirts', `${M} › Vêtements › Hauts et t-shirts`, 'letters'),
  leaf(536, 'Chemises', `${M} › Vêtements › Hauts et t-shirts`, 'letters'),
  leaf(267, 'Sweats à capuche', `${M} › Vêtements › Sweats et pulls`, 'letters'),
  leaf(2051, 'Manteaux', `${M} › Vêtements › Manteaux et vestes`, 'letters'),
  leaf(2052, 'Vestes', `${M} › Vêtements › Manteaux et vestes`, 'letters'),
  leaf(257, 'Jeans', `${M} › Vêtements`, 'waist'),
  leaf(34, 'Pantalons', `${M} › Vêtements`, 'waist'),
  leaf(80, 'Shorts', `${M} › Vêtements`, 'waist'),
  leaf(1231, 'Chaussures', `${M} › Chaussures`, 'shoes'),
  leaf(1242, 'Baskets', `${M} › Chaussures`, 'shoes'),
];

let nextSizeId = 1201;
const sizes = (labels: string[]) => labels.map((label) => ({ id: nextSizeId++, label }));
export const SIZES: Record<Exclude<SizeGroup, null>, { id: number; label: string }[]> = {
  letters: sizes(['XXS', 'XS', 'S', 'M', 'L', 'XL', 'XXL', 'XXXL']),
  women_numeric: sizes(['32', '34', '36', '38', '40', '42', '44', '46', '48']),
  waist: sizes(['W26', 'W28', 'W29', 'W30', 'W31', 'W32', 'W33', 'W34', 'W36', 'W38']),
  shoes: sizes(['EU 36', 'EU 37', 'EU 38', 'EU 39', 'EU 40', 'EU 41', 'EU 42', 'EU 43', 'EU 44', 'EU 45', 'EU 46']),
  one_size: sizes(['Taille unique']),
};

export const BRANDS: { id: number; title: string }[] = [
  { id: 53, title: 'Nike' }, { id: 14, title: 'adidas' }, { id: 12, title: 'Zara' }, { id: 10, title: "Levi's" },
  { id: 88, title: 'Ralph Lauren' }, { id: 7, title: 'H&M' }, { id: 1234, title: 'Uniqlo' }, { id: 362, title: 'Carhartt' },
  { id: 304, title: 'Lacoste' }, { id: 2000, title: 'Kiabi' }, { id: 255, title: 'Petit Bateau' }, { id: 73, title: 'The North Face' },
];

// Shuffled on purpose: the connector must pick the condition by its id.
export const CONDITIONS = [
  { id: 2, label: 'Très bon état' }, { id: 6, label: 'Neuf avec étiquette' }, { id: 4, label: 'Satisfaisant' },
  { id: 3, label: 'Bon état' }, { id: 1, label: 'Neuf sans étiquette' },
];

export const COLOURS = [
  [1, 'Noir'], [2, 'Marron'], [3, 'Gris'], [4, 'Beige'], [5, 'Fuchsia'], [6, 'Violet'], [7, 'Rouge'], [8, 'Jaune'], [9, 'Bleu'],
  [10, 'Vert'], [11, 'Orange'], [12, 'Blanc'], [13, 'Argenté'], [14, 'Doré'], [15, 'Multicolore'], [16, 'Kaki'], [17, 'Turquoise'],
  [20, 'Crème'], [21, 'Abricot'], [22, 'Corail'], [23, 'Bordeaux'], [24, 'Rose'], [25, 'Lila'], [26, 'Bleu clair'], [27, 'Marine'],
  [28, 'Vert foncé'], [29, 'Moutarde'], [30, 'Menthe'], [32, 'Transparence'],
].map(([id, label]) => ({ id: id as number, label: label as string }));

const fold = (s: string) => s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');

export function searchLeaves(q: string): FakeLeaf[] {
  const words = fold(q).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (!words.length) return [];
  // Every word typed starts a word of the leaf's name: "Pull" finds "Pulls", "sweat a capuche" finds "Sweats à capuche".
  return LEAVES.filter((l) => {
    const label = fold(l.label).split(/[^\p{L}\p{N}]+/u);
    return words.every((w) => label.some((x) => x.startsWith(w)));
  });
}

export function searchBrands(q: string): { id: number; title: string }[] {
  const k = fold(q.trim());
  return k ? BRANDS.filter((b) => fold(b.title).includes(k)).slice(0, 10) : [];
}

/** What the upload form asks once a leaf is chosen (the site's POST /api/v2/item_upload/attributes). */
export function attributesOf(catalogId: number) {
  const l = LEAVES.find((x) => x.id === catalogId);
  if (!l) return null;
  return {
    catalog_id: l.id,
    size_options: l.sizes ? SIZES[l.sizes] : null,
    conditions: CONDITIONS,
    colours: COLOURS,
  };
}
