import { z } from 'zod';
import type { PhotosTable } from '../../platform/db/schema.ts';
import type { IngestedPhoto } from './photos.service.ts';

// Shapes of the photo routes (they feed /docs too).
export const PhotoIdParamSchema = z.object({ id: z.string().uuid('not a valid photo id') });

const PaletteEntrySchema = z.object({ hex: z.string(), share: z.number(), colour: z.string() });
export const ColoursSchema = z.object({
  primary: z.string().describe('Vinted colour key of the garment (background suppressed)'),
  secondary: z.string().nullable(),
  palette: z.array(PaletteEntrySchema),
});
export const QualitySchema = z.object({
  sharpness: z.number().describe('Variance of the Laplacian at 256 px; below 60 reads as blurred'),
  brightness: z.number(),
  contrast: z.number(),
  clipped_dark: z.number(),
  clipped_bright: z.number(),
  width: z.number(),
  height: z.number(),
  megapixels: z.number(),
  issues: z.array(z.enum(['blurry', 'too_dark', 'too_bright', 'low_contrast', 'low_resolution'])),
  score: z.number().int().min(0).max(100),
});

export const PhotoSchema = z
  .object({
    id: z.string(),
    url: z.string().describe('The 1600 px JPEG preview (EXIF and GPS stripped)'),
    thumb_url: z.string().describe('The ~400 px WebP thumbnail'),
    sha256: z.string().describe('SHA-256 of the bytes as sent: the same photo sent twice is stored once'),
    mime: z.string().describe('Format of the file as sent'),
    bytes: z.number(),
    width: z.number(),
    height: z.number(),
    phash: z.string().nullable().describe('64-bit DCT perceptual hash, 16 hex characters'),
    colours: ColoursSchema.nullable(),
    quality: QualitySchema.nullable(),
    taken_at: z.string().nullable().describe('Capture time from EXIF (UTC), when the file had one'),
    filename: z.string().nullable(),
    existed: z.boolean().optional().describe('True when these bytes were already stored before this request'),
    created_at: z.string().optional(),
  })
  .meta({ id: 'Photo' });

export const PhotoListSchema = z.object({ photos: z.array(PhotoSchema) });

export const UrlIntakeSchema = z
  .object({ urls: z.array(z.string().min(1).max(2000)).min(1).max(1000) })
  .strict()
  .meta({ example: { urls: ['https://example.com/photos/jupe-zara-1.jpg'] } });

export type PhotoOut = z.infer<typeof PhotoSchema>;

export function ingestedOut(p: IngestedPhoto): PhotoOut {
  return {
    id: p.id, url: p.url, thumb_url: p.thumb_url, sha256: p.sha256, mime: p.mime, bytes: p.bytes, width: p.width, height: p.height,
    phash: p.phash, colours: p.colours, quality: p.quality, taken_at: p.taken_at, filename: p.filename, existed: p.existed,
  };
}

export function rowOut(r: PhotosTable): PhotoOut {
  return {
    id: r.id, url: `/photos/${r.id}`, thumb_url: `/photos/${r.id}/thumb`, sha256: r.sha256, mime: r.mime, bytes: r.bytes,
    width: r.width, height: r.height, phash: r.phash, colours: r.colors ? JSON.parse(r.colors) : null,
    quality: r.quality ? JSON.parse(r.quality) : null, taken_at: r.taken_at, filename: r.original_name, created_at: r.created_at,
  };
}
