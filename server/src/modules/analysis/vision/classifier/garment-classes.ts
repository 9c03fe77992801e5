// The classifier's classes: the training set's folder names, and the category of our catalogue each lands on
// (@vintedbot/catalog, packages/catalog/src/categories.ts), which the listing writer, pricing and connector know.
export const TRAINING_CLASSES = [
  { dataset: 't-shirt', category: 't-shirt' },
  { dataset: 'shirt', category: 'shirt' },
  { dataset: 'pants', category: 'trousers' },
  { dataset: 'shorts', category: 'shorts' },
  { dataset: 'dress', category: 'dress' },
  { dataset: 'skirt', category: 'skirt' },
  { dataset: 'hoodie', category: 'hoodie' },
  { dataset: 'outwear', category: 'jacket' },
  { dataset: 'shoes', category: 'shoes' },
  { dataset: 'hat', category: 'hat' },
] as const;

export const HEAD_FILE = 'garment-head.json';

/** Our category key for a dataset class name (labels.csv `class`), or null when it is not one of ours. */
export function categoryOfDatasetClass(name: string): string | null {
  return TRAINING_CLASSES.find((c) => c.dataset === name)?.category ?? null;
}

/** One category with the classifier's (or CLIP's) probability for it. */
export interface CategoryScore { category: string; score: number }
