import { fileTypeFromBuffer, fileTypeFromFile } from 'file-type';

// What a file is, from its magic bytes (never from its name or the client's Content-Type).
export type PhotoFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'gif' | 'heif';

const SUPPORTED: Record<string, PhotoFormat> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/apng': 'png',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'image/gif': 'gif',
  'image/heic': 'heif',
  'image/heif': 'heif',
  'image/heic-sequence': 'heif',
  'image/heif-sequence': 'heif',
};

export interface Sniffed {
  /** The detected MIME type, or null when the bytes match no known format at all (text, HTML…). */
  mime: string | null;
  /** Set only for the formats the intake decodes. */
  format: PhotoFormat | null;
}

const classify = (r: { mime: string } | undefined): Sniffed => ({ mime: r?.mime ?? null, format: r ? (SUPPORTED[r.mime] ?? null) : null });

export async function sniffFile(path: string): Promise<Sniffed> {
  return classify(await fileTypeFromFile(path));
}

export async function sniffBuffer(bytes: Uint8Array): Promise<Sniffed> {
  return classify(await fileTypeFromBuffer(bytes));
}
