// Every French message must exist in English with the same shape: the English dictionaries are typed
// from the French ones, so a missing or extra label is a type error, not a blank on screen.
export type Messages<T> = {
  [K in keyof T]: T[K] extends string
    ? string
    : T[K] extends (...args: infer A) => string
      ? (...args: A) => string
      : [T[K]] extends [string | ((...args: never[]) => string)]
        ? T[K] // a table mixing plain sentences and sentences with parameters (error codes)
        : Messages<T[K]>;
};
export type Lang = 'fr' | 'en';
/** What an API error carries besides its code (its `details`, and `details.params` when the server sends them). */
export type ErrorParams = Record<string, unknown>;
