import type { Condition } from '@vintedbot/catalog';

/**
 * Reference asking price (euros) of an unbranded or mid-market item of each category in very good condition.
 * Derived from the asking prices seen on Vinted France (shared/VINTED.md: fast-fashion tops 2–8 €, mid-market
 * dresses and jumpers 8–25 €, jeans 10–35 € with a median near 25 €, sneakers 20–70 €, outerwear 15–60 €).
 * Brand tier and condition multiply this base; PRICE_RULES_JSON can override any line.
 *
 * | category   | base € |  | category  | base € |
 * |------------|-------:|--|-----------|-------:|
 * | t-shirt    |      8 |  | skirt     |     12 |
 * | shirt      |     12 |  | jeans     |     20 |
 * | polo       |     12 |  | trousers  |     15 |
 * | jumper     |     15 |  | joggers   |     12 |
 * | sweatshirt |     15 |  | shorts    |     10 |
 * | hoodie     |     18 |  | trainers  |     25 |
 * | jacket     |     25 |  | shoes     |     22 |
 * | coat       |     35 |  | hat / cap |     10 |
 * | puffer     |     35 |  | beanie    |      8 |
 * | dress      |     15 |  | handbag   |     20 |
 * |            |        |  | backpack  |     18 |
 * | (unknown)  |     12 |  |           |        |
 */
export const BASE_PRICES: Readonly<Record<string, number>> = {
  't-shirt': 8, shirt: 12, polo: 12, jumper: 15, sweatshirt: 15, hoodie: 18, jacket: 25, coat: 35, puffer: 35, dress: 15,
  skirt: 12, jeans: 20, trousers: 15, joggers: 12, shorts: 10, trainers: 25, shoes: 22, hat: 10, cap: 10, beanie: 8,
  handbag: 20, backpack: 18,
};

/** Base used when the category is unknown: the middle of the everyday-clothing range. */
export const UNKNOWN_CATEGORY_BASE = 12;

/**
 * How condition moves the price against the very-good reference. An unknown condition is priced like
 * "good": a buyer assumes the worse when the seller says nothing.
 */
export const CONDITION_FACTORS: Readonly<Record<Condition, number>> = {
  new_with_tags: 1.3, new_without_tags: 1.15, very_good: 1, good: 0.8, satisfactory: 0.6,
};
export const UNKNOWN_CONDITION_FACTOR = 0.8;

/** Half-width of the min–max range around the target (0.2 = target −20 % … +20 %). */
export const DEFAULT_SPREAD = 0.2;
