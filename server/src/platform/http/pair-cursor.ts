import { AppError } from '../errors.ts';

// A page cursor for lists ordered by (a time, an id): opaque to clients (base64url of a JSON pair), checked when read
// back so a forged one is a clear 400 `invalid_cursor` rather than a query error.

export const encodePairCursor = (at: string, id: string): string => Buffer.from(JSON.stringify([at, id])).toString('base64url');

export function decodePairCursor(s: string): { at: string; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (typeof at !== 'string' || typeof id !== 'string') throw new Error('shape');
    return { at, id };
  } catch {
    throw new AppError(400, 'invalid_cursor', 'The cursor is invalid');
  }
}
