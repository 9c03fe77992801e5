import { CONDITION_INFO, type Condition, getCategory, VINTED_COLOURS } from '@vintedbot/catalog';

// Description templates, pure: the variables a template may use (French names and English aliases), checking a
// template, and rendering it for an item with the shop signature, within Vinted's 2,000 characters.

export const DESCRIPTION_MAX = 2000;
export const TEMPLATE_NAME_MAX = 80;

/** Each variable and its aliases; the value comes from the item (labels in French, as sellers write on Vinted). */
const VARIABLES: Record<string, string[]> = {
  marque: ['brand'], taille: ['size'], etat: ['état', 'condition'], mesures: ['measurements'], ville: ['city'],
  couleur: ['colour', 'color'], matiere: ['matière', 'material'], categorie: ['catégorie', 'category', 'vetement', 'vêtement'],
  titre: ['title'], prix: ['price'], sku: ['reference', 'référence'], emplacement: ['location', 'storage_location'],
};
const CANONICAL = new Map<string, string>();
for (const [name, aliases] of Object.entries(VARIABLES)) for (const n of [name, ...aliases]) CANONICAL.set(n, name);
export const TEMPLATE_VARIABLES = Object.keys(VARIABLES);
export const TEMPLATE_VARIABLE_NAMES = [...CANONICAL.keys()];

const VARIABLE_RE = /\{([^{}\s]{1,30})\}/g;

export interface TemplateItem {
  title: string;
  brand: string | null;
  size: string | null;
  condition: string | null;
  colors: string[];
  material: string | null;
  category: string | null;
  price: number | null;
  sku?: string | null;
  storage_location?: string | null;
  measurements?: string | null;
}

/** The variables a template uses that do not exist (the save is refused naming them). */
export function unknownVariables(body: string): string[] {
  return [...new Set([...body.matchAll(VARIABLE_RE)].map((m) => m[1]).filter((v) => !CANONICAL.has(v.toLowerCase())))];
}

function valueOf(name: string, item: TemplateItem, city: string | null): string {
  switch (name) {
    case 'marque': return item.brand ?? '';
    case 'taille': return item.size ?? '';
    case 'etat': return item.condition ? (CONDITION_INFO[item.condition as Condition]?.fr ?? item.condition) : '';
    case 'mesures': return item.measurements ?? '';
    case 'ville': return city ?? '';
    case 'couleur': return item.colors.map((k) => VINTED_COLOURS.find((c) => c.key === k)?.fr.toLowerCase() ?? k).join(' et ');
    case 'matiere': return item.material ?? '';
    case 'categorie': return item.category ? (getCategory(item.category)?.fr ?? item.category) : '';
    case 'titre': return item.title;
    case 'prix': return item.price === null ? '' : `${item.price.toFixed(2).replace('.', ',').replace(/,00$/, '')} €`;
    case 'sku': return item.sku ?? '';
    case 'emplacement': return item.storage_location ?? '';
    default: return '';
  }
}

/**
 * The template filled in for an item. A line with a variable the item does not have is left out whole ("Taille
 * {taille}" disappears when the size is unknown, rather than reading "Taille ."). The signature goes after a blank
 * line; when the whole would pass 2,000 characters the template's text is cut at a word, never the signature.
 */
export function renderDescription(body: string, item: TemplateItem, opts: { city: string | null; signature: string | null }): string {
  const lines: string[] = [];
  for (const line of body.split('\n')) {
    let empty = false;
    const filled = line.replace(VARIABLE_RE, (_m, v: string) => {
      const value = valueOf(CANONICAL.get(v.toLowerCase()) ?? '', item, opts.city).trim();
      if (!value) empty = true;
      return value;
    });
    if (!empty) lines.push(filled.trimEnd());
  }
  const text = lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
  return withSignature(text, opts.signature);
}

/** A description with the shop signature appended (once), cut to fit Vinted's limit. */
export function withSignature(text: string, signature: string | null): string {
  const sig = signature?.trim();
  if (!sig || text.trimEnd().endsWith(sig)) return text.slice(0, DESCRIPTION_MAX);
  const room = DESCRIPTION_MAX - sig.length - 2;
  let body = text.trimEnd();
  if (body.length > room) {
    const cut = body.slice(0, Math.max(0, room - 1));
    body = `${cut.slice(0, Math.max(cut.lastIndexOf(' '), Math.floor(room * 0.8))).trimEnd()}…`;
  }
  return body ? `${body}\n\n${sig}` : sig;
}
