// Every French message must exist in English with the same shape: the English dictionaries are typed
// from the French ones, so a missing or extra label is a type error, not a blank on screen.
export type Messages<T> = {
  [K in keyof T]: T[K] extends string ? string : T[K] extends (...args: infer A) => string ? (...args: A) => string : Messages<T[K]>;
};
export type Lang = 'fr' | 'en';
