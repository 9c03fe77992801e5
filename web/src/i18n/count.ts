// A count and its words, singular or plural as each language has it: French takes the singular for 0 and 1,
// English for 1 only. For labels that would otherwise write "fichier(s)".
export const countFr = (n: number, one: string, other: string) => `${n} ${n <= 1 ? one : other}`;
export const countEn = (n: number, one: string, other: string) => `${n} ${n === 1 ? one : other}`;
