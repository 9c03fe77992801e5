import { type Config, configSchema } from '../../config.ts';

// The intake's limits, from the server's one configuration (config.ts parses and validates the variables).
export type PhotoLimitsConfig = Pick<Config, 'PHOTO_MAX_BYTES' | 'PHOTO_MAX_PIXELS' | 'PHOTO_MAX_FILES' | 'PHOTO_FETCH_TIMEOUT_MS' | 'PHOTO_FETCH_MAX_REDIRECTS'>;

export interface PhotoLimits {
  /** Largest accepted file, uploaded or fetched (15 MiB). */
  maxBytes: number;
  /** Largest accepted image, width × height (100 megapixels). */
  maxPixels: number;
  /** Most photos in one request (20, Vinted's own limit per listing). */
  maxFiles: number;
  fetchTimeoutMs: number;
  fetchMaxRedirects: number;
}

export function photoLimitsFrom(v: PhotoLimitsConfig): PhotoLimits {
  return {
    maxBytes: v.PHOTO_MAX_BYTES, maxPixels: v.PHOTO_MAX_PIXELS, maxFiles: v.PHOTO_MAX_FILES,
    fetchTimeoutMs: v.PHOTO_FETCH_TIMEOUT_MS, fetchMaxRedirects: v.PHOTO_FETCH_MAX_REDIRECTS,
  };
}

/** The limits with every variable unset. */
export const DEFAULT_PHOTO_LIMITS: PhotoLimits = photoLimitsFrom(configSchema.parse({}));
