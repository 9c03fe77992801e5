import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import type { PriceRules } from '../price-rules.ts';
import { suggestPrice } from '../price-suggestion.ts';
import { buildVocabulary, featureRow, indexOf, type SaleFacts, type Vocabulary } from './price-features.ts';

// Training and judging the price model learned from the seller's sales (issue 18 point 6). A ridge regression (ml-matrix
// solves it) learns the log of (sale price / the rules' raw price) from the item's facts: a multiplicative correction
// of the rules, shrunk towards "no correction" where the seller's sales say little. It is judged on a time-ordered
// split (trained on the older 80 % of the sales, tested on the newer 20 %, the way it will be used: on items sold
// after it learnt) against the rules' suggestion on the same newer sales, and kept only when its mean error is at least 3 %
// lower.
// A kept model is then retrained on every sale, so tonight's sales count tomorrow.
//
// Why not a forest: ml-random-forest (ml-cart) took 41 s for 1,000 sales and 7 minutes for 3,000 on this machine, and
// its trees weighed 4–6 MB; the ridge fits 3,000 sales in milliseconds, weighs a few kB, names its effects, and
// beat the forest's error on the synthetic benchmark (bench/price-model.ts).

export interface Sale extends SaleFacts {
  salePriceCents: number;
  soldAt: string;
}

export const MIN_SALES = 50;
/** The most recent sales a run learns from: a seller's current market, not the one of three years ago. */
export const MAX_SALES = 5000;
const TEST_SHARE = 0.2;
/** How much lower its error must be to replace the table: a tie (a market that follows the table) keeps the table. */
const MIN_GAIN = 0.03;
/** Ridge strengths tried; the one with the lowest error on the newest part of the training sales is kept. */
const LAMBDAS = [0.5, 1, 2, 4, 8, 16, 32];
export const MODEL_VERSION = 2;

export interface SerializedPriceModel {
  version: number;
  vocabulary: Vocabulary;
  weights: number[];
  lambda: number;
}

export interface FitOutcome {
  sales: number;
  trainSales: number;
  testSales: number;
  /** Mean absolute error on the newer sales, cents; null when there were too few sales to judge. */
  modelMaeCents: number | null;
  rulesMaeCents: number | null;
  used: boolean;
  /** Why (not) used, a stable code the web app words. */
  reason: 'too_few_sales' | 'beats_rules' | 'rules_better';
  model: SerializedPriceModel | null;
}

export const rulesSuggestion = (s: SaleFacts, rules: PriceRules) => suggestPrice({ category: s.category, brand: s.brand, condition: s.condition as never }, rules);

/** A sale with the rules' raw price and rounded target for it, computed once per run. */
interface Priced extends Sale { ruleRaw: number; ruleTarget: number }

/** Rows between two yields to the event loop: a run over 5,000 sales never holds the server for long. */
const ROWS_PER_SLICE = 100;
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/** XᵀX and Xᵀy of the sales' design matrix, before the ridge is added: one pass serves every strength tried. */
interface Normal { vocabulary: Vocabulary; A: Matrix; b: Matrix }

async function normalEquations(sales: Priced[]): Promise<Normal> {
  const vocabulary = buildVocabulary(sales);
  const index = indexOf(vocabulary);
  const k = vocabulary.length;
  const A = new Matrix(k, k);
  const b = Matrix.zeros(k, 1);
  for (let r = 0; r < sales.length; r++) {
    if (r % ROWS_PER_SLICE === ROWS_PER_SLICE - 1) await breathe();
    const s = sales[r];
    const y = Math.log(s.salePriceCents / Math.max(1, s.ruleRaw));
    const row = featureRow(s, vocabulary, index);
    // Summed over the non-zero columns only (about ten of a hundred): far cheaper than a dense product.
    const nz = row.flatMap((v, i) => (v === 0 ? [] : [i]));
    for (const i of nz) {
      b.set(i, 0, b.get(i, 0) + row[i] * y);
      for (const j of nz) A.set(i, j, A.get(i, j) + row[i] * row[j]);
    }
  }
  return { vocabulary, A, b };
}

function solve(n: Normal, lambda: number): SerializedPriceModel {
  const A = n.A.clone();
  // The intercept is not shrunk: the seller's overall level against the table is learnt in full.
  for (let i = 1; i < A.rows; i++) A.set(i, i, A.get(i, i) + lambda);
  return { version: MODEL_VERSION, vocabulary: n.vocabulary, weights: new CholeskyDecomposition(A).solve(n.b).getColumn(0), lambda };
}

/** The model's multiplier of the rules' raw price for one item. */
function ratio(model: SerializedPriceModel, item: SaleFacts, index: Map<string, number>): number {
  return Math.exp(featureRow(item, model.vocabulary, index).reduce((a, v, i) => a + v * model.weights[i], 0));
}

/** The model's raw price (cents, before rounding) for an item. */
export function predictRaw(model: SerializedPriceModel, item: SaleFacts, rules: PriceRules): number {
  return rulesSuggestion(item, rules).factors.raw_target_cents * ratio(model, item, indexOf(model.vocabulary));
}

/** Mean absolute error (cents) of `model`'s rounded targets on `sales`, judged as the seller would see them: as new items. */
async function modelMae(model: SerializedPriceModel, sales: Priced[], round: (c: number) => number): Promise<number> {
  const index = indexOf(model.vocabulary);
  let sum = 0;
  for (let i = 0; i < sales.length; i++) {
    if (i % ROWS_PER_SLICE === ROWS_PER_SLICE - 1) await breathe();
    const s = sales[i];
    sum += Math.abs(round(s.ruleRaw * ratio(model, { ...s, daysListed: 0, drops: 0 }, index)) - s.salePriceCents);
  }
  return Math.round(sum / sales.length);
}

async function pickLambda(older: Priced[], round: (c: number) => number): Promise<number> {
  const cut = Math.floor(older.length * (1 - TEST_SHARE));
  const normal = await normalEquations(older.slice(0, cut));
  const check = older.slice(cut);
  let best = { lambda: LAMBDAS[LAMBDAS.length - 1], mae: Infinity };
  for (const lambda of LAMBDAS) {
    const mae = await modelMae(solve(normal, lambda), check, round);
    if (mae < best.mae) best = { lambda, mae };
  }
  return best.lambda;
}

export async function fitPriceModel(allSales: Sale[], rules: PriceRules, round: (cents: number) => number): Promise<FitOutcome> {
  const recent = [...allSales].sort((a, b) => a.soldAt.localeCompare(b.soldAt)).slice(-MAX_SALES);
  const sales: Priced[] = [];
  for (const s of recent) {
    if (sales.length % ROWS_PER_SLICE === ROWS_PER_SLICE - 1) await breathe();
    const r = rulesSuggestion(s, rules);
    sales.push({ ...s, ruleRaw: r.factors.raw_target_cents, ruleTarget: r.target_cents });
  }
  if (sales.length < MIN_SALES) {
    return { sales: sales.length, trainSales: 0, testSales: 0, modelMaeCents: null, rulesMaeCents: null, used: false, reason: 'too_few_sales', model: null };
  }
  const cut = Math.floor(sales.length * (1 - TEST_SHARE));
  const older = sales.slice(0, cut);
  const newer = sales.slice(cut);
  // The strength is chosen on the older sales only: the newer ones judge, they never tune.
  const lambda = await pickLambda(older, round);
  const mae = await modelMae(solve(await normalEquations(older), lambda), newer, round);
  const rulesMae = Math.round(newer.reduce((a, s) => a + Math.abs(s.ruleTarget - s.salePriceCents), 0) / newer.length);
  const used = mae < rulesMae * (1 - MIN_GAIN);
  const base = { sales: sales.length, trainSales: older.length, testSales: newer.length, modelMaeCents: mae, rulesMaeCents: rulesMae, used };
  if (!used) return { ...base, reason: 'rules_better', model: null };
  return { ...base, reason: 'beats_rules', model: solve(await normalEquations(sales), lambda) };
}
