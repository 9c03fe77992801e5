import type { DecodedPhoto } from '../photos/index.ts';
import { type Condition, type Defect, type Gender, type Language } from '@vintedbot/catalog';
import type { GarmentReading } from './garment-reading.ts';

/** One photo as the analysers see it: the intake's single decode and the figures derived from it. */
export interface AnalysisPhoto {
  id: string;
  filename: string | null;
  decoded: DecodedPhoto;
  /** Dominant colours computed at intake (photos/colours/dominant-colours.ts), when the intake provides them. */
  colours?: { primary: string; secondary: string | null; palette?: { hex: string; share: number; colour: string }[] } | null;
  quality?: { score: number } | null;
  /** The stored 1600 px JPEG: what OCR and the LLM read (downscaled again for the LLM). */
  previewPath?: string | null;
}

/** What the seller told us; it always wins over what a provider reads. */
export interface AnalysisHints {
  brand: string | null;
  size: string | null;
  category: string | null;
  condition: Condition | null;
  notes: string | null;
  /** Who the garment is for, when the seller said so. */
  gender?: Gender;
  /** Defects the seller ticked (offline, or on top of what a model reads). */
  defects?: Defect[];
}

export interface AnalysisRequest {
  photos: AnalysisPhoto[];
  hints: AnalysisHints;
  language: Language;
}

export interface TokenUsage {
  input_tokens: number | null;
  output_tokens: number | null;
  total_tokens: number | null;
  /** Estimated cost in USD when LLM_COST_INPUT_PER_MTOK / LLM_COST_OUTPUT_PER_MTOK are set. */
  cost_usd: number | null;
  /** Calls made, retries included. */
  requests: number;
}

export type ProviderName = 'offline' | 'openai' | 'anthropic' | 'openai-compatible' | 'ollama';

export interface ProviderResult {
  reading: GarmentReading;
  /** How each field was found, for the seller ("label", "file name", "classifier", "model"…). */
  sources: Partial<Record<'category' | 'brand' | 'size' | 'colors' | 'materials', string>>;
  model: string | null;
  usage: TokenUsage | null;
  /** The offline classifier's three likeliest categories, best first (absent when it did not run). */
  category_candidates?: { category: string; score: number }[];
  /** Fields the seller's memory decided (offline only), for the seller to see why. */
  decisions?: MemoryDecision[];
}

/**
 * A field named by the seller's memory: `count` of their confirmed items like this photo carry `value`
 * ("like your 3 previous sweatshirts"); the web app words it from the code and params.
 */
export interface MemoryDecision { field: 'category' | 'color'; code: 'seller_memory'; params: { value: string; count: number } }

export interface AnalysisProvider {
  readonly name: ProviderName;
  readonly model: string | null;
  read(req: AnalysisRequest): Promise<ProviderResult>;
}
