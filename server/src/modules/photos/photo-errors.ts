import { AppError } from '../../platform/errors.ts';

// The intake's refusals, each with a stable code and the status the seller's client can act on. `details` names the
// file (index and name) or URL so a client can point at the culprit in a batch.
export type PhotoRef = { index: number; filename?: string | null; url?: string };

export const photoErrors = {
  noFiles: () => new AppError(400, 'no_files', 'Send at least one photo'),
  tooManyFiles: (max: number) => new AppError(413, 'too_many_files', `At most ${max} photos per request`, { max_files: max }),
  emptyFile: (ref: PhotoRef) => new AppError(400, 'empty_file', `${name(ref)} is empty`, ref),
  fileTooLarge: (ref: PhotoRef, maxBytes: number) =>
    new AppError(413, 'file_too_large', `${name(ref)} is larger than ${mb(maxBytes)}`, { ...ref, max_bytes: maxBytes }),
  imageTooLarge: (ref: PhotoRef, width: number, height: number, maxPixels: number) =>
    new AppError(413, 'image_too_large', `${name(ref)} is ${width} × ${height} pixels, above the ${Math.round(maxPixels / 1e6)} megapixel limit`, {
      ...ref, width, height, max_pixels: maxPixels,
    }),
  unsupported: (ref: PhotoRef, detected: string | null) =>
    new AppError(415, 'unsupported_media_type', detected
      ? `${name(ref)} is ${detected}, not a supported photo format (JPEG, PNG, WebP, AVIF, GIF, HEIC)`
      : `${name(ref)} is not an image (its bytes match no supported format: JPEG, PNG, WebP, AVIF, GIF, HEIC)`, { ...ref, detected }),
  invalidImage: (ref: PhotoRef, reason: string) =>
    new AppError(422, 'invalid_image', `${name(ref)} could not be read as an image (damaged or truncated file)`, { ...ref, reason }),
};

const name = (ref: PhotoRef) => (ref.url ? `The photo at ${ref.url}` : ref.filename ? `"${ref.filename}"` : `Photo #${ref.index + 1}`);
const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
