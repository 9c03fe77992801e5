// Defects a seller must disclose (Vinted asks for honest photos and descriptions): what kind, how bad, on which
// photo, where on the garment. The LLM reads them into this shape, the seller ticks them from the same list offline,
// and both lower the suggested condition and price by the same rules (server: modules/analysis/defects).
import type { Condition } from './conditions.ts';

export const DEFECT_TYPES = ['stain', 'hole', 'tear', 'pilling', 'discolouration', 'wear', 'other'] as const;
export type DefectType = (typeof DEFECT_TYPES)[number];
export const DEFECT_SEVERITIES = ['minor', 'moderate', 'major'] as const;
export type DefectSeverity = (typeof DEFECT_SEVERITIES)[number];

export interface Defect {
  type: DefectType;
  severity: DefectSeverity;
  /** 1-based number of the photo that shows it, null when none does. */
  photo: number | null;
  /** Where on the garment, in the listing language ("manche gauche"), null when not said. */
  location: string | null;
}

/** Nouns in the description's languages (French gender and number for the adjective). */
export const DEFECT_WORDS: Record<DefectType, { fr: string; fem: boolean; plural?: boolean; en: string }> = {
  stain: { fr: 'tache', fem: true, en: 'stain' },
  hole: { fr: 'trou', fem: false, en: 'hole' },
  tear: { fr: 'accroc', fem: false, en: 'tear' },
  pilling: { fr: 'bouloches', fem: true, plural: true, en: 'pilling' },
  discolouration: { fr: 'décoloration', fem: true, en: 'discolouration' },
  wear: { fr: "traces d'usure", fem: true, plural: true, en: 'signs of wear' },
  other: { fr: 'défaut', fem: false, en: 'flaw' },
};

export const SEVERITY_WORDS: Record<DefectSeverity, { fr: [string, string]; en: string }> = {
  minor: { fr: ['petit', 'petite'], en: 'small' },
  moderate: { fr: ['', ''], en: '' },
  major: { fr: ['grand', 'grande'], en: 'large' },
};

/** The best condition an item with this defect can claim: the worst defect decides. */
export const CONDITION_CAP: Record<DefectSeverity, Condition> = { minor: 'very_good', moderate: 'good', major: 'satisfactory' };

/** Price factor per defect (they multiply), bounded below by DEFECT_FACTOR_FLOOR. */
export const DEFECT_PRICE_FACTOR: Record<DefectSeverity, number> = { minor: 0.93, moderate: 0.82, major: 0.65 };
export const DEFECT_FACTOR_FLOOR = 0.5;
