import { v7 as uuidv7 } from 'uuid';

export const nowIso = (): string => new Date().toISOString();
/** Time-ordered ids: new rows append to the primary-key index instead of scattering across it. */
export const newId = (): string => uuidv7();
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
