// The shared vocabulary of VintedBot: our garment categories and the Vinted leaves they land on, colours,
// conditions, who an item is for, known brands with their tiers, and the words the listing writer uses.
// The server, the web app and the browser extension import it by name (`@vintedbot/catalog`), so they agree.
export * from './brands.ts';
export * from './categories.ts';
export * from './colours.ts';
export * from './conditions.ts';
export * from './defects.ts';
export * from './genders.ts';
export * from './synonyms.ts';
export * from './words.ts';
