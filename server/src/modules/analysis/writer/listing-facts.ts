import { type Condition, type Defect, type Fibre, type Gender, type Language } from '@vintedbot/catalog';

/** Words that raise a price and must be earned: only a hint or the label may bring them. */
export const STYLE_WORDS = ['vintage', 'rare', 'collection'] as const;
export type StyleWord = (typeof STYLE_WORDS)[number];

/** What is known about one garment: the writer's only input, so every sentence it writes traces back here. */
export interface ListingFacts {
  category: string | null;
  brand: string | null;
  size: string | null;
  condition: Condition | null;
  /** Who it is for; null when nobody said (the title then names the garment alone). */
  gender: Gender;
  /** Vinted colour keys, primary first, at most two. */
  colors: string[];
  fibres: Fibre[];
  /** Short observations (neckline, cut, pattern) from a vision model, written in `details_language`. */
  details: string[];
  details_language: Language | null;
  /** Visible or declared defects, as the seller or the model wrote them. */
  defects: string[];
  /**
   * Defects read from the photos or ticked by the seller (type, severity, photo, location): they lower the condition
   * and the price and are written as phrases (analysis/defects.ts applyDefects). Absent in facts saved before them.
   */
  defect_items?: Defect[];
  /** Measurements the seller gave ("longueur 65 cm"). */
  measurements: string[];
  /** The rest of the seller's notes, cleaned. */
  notes: string | null;
  style_words: StyleWord[];
}

export const emptyFacts = (): ListingFacts => ({
  category: null, brand: null, size: null, condition: null, gender: null, colors: [], fibres: [], details: [], details_language: null,
  defects: [], defect_items: [], measurements: [], notes: null, style_words: [],
});
