import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { testPhotos } from '../helpers/test-photos.ts';
import { craftZip } from '../helpers/zip-craft.ts';

// The bad-input corpus, made by the tests themselves (nothing hostile is committed): each class of fault as bytes,
// with a name the failure messages show. What the app must answer for each is the suites' business.

export interface Sample { name: string; data: Buffer; filename: string; type: string }

/** A real photo of the committed sample (a JPEG of a garment). */
export const goodJpeg = (i = 0) => fs.readFileSync(testPhotos('t-shirt', i + 1)[i]);

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([len, body, crc]);
}
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A greyscale PNG of `w` × `h` whose pixels are all black: real, decodable, `w × h` bytes once inflated, tiny on disk. */
export async function blackPng(w: number, h: number): Promise<Buffer> {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  // The rows (a filter byte, then the pixels) deflated as a stream of one shared zero buffer: the bomb never exists
  // inflated in this process.
  const deflate = zlib.createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (c: Buffer) => parts.push(c));
  const done = new Promise((resolve) => deflate.once('end', resolve));
  const rowsPerChunk = Math.max(1, Math.floor((1024 * 1024) / (w + 1)));
  const chunk = Buffer.alloc((w + 1) * rowsPerChunk);
  for (let y = 0; y < h; y += rowsPerChunk) deflate.write(chunk.subarray(0, (w + 1) * Math.min(rowsPerChunk, h - y)));
  deflate.end();
  await done;
  return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', ihdr), pngChunk('IDAT', Buffer.concat(parts)), pngChunk('IEND', Buffer.alloc(0))]);
}

/** A PNG header declaring `w` × `h` with almost no pixel data: a pixel bomb of 100 bytes. */
export function pixelBombPng(w = 30_000, h = 30_000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', ihdr), pngChunk('IDAT', zlib.deflateSync(Buffer.alloc(10))), pngChunk('IEND', Buffer.alloc(0))]);
}

/** A real JPEG whose frame header (SOF) is rewritten to declare 60 000 × 60 000 pixels. */
export function pixelBombJpeg(): Buffer {
  const jpeg = Buffer.from(goodJpeg());
  for (let i = 2; i < jpeg.length - 9; ) {
    if (jpeg[i] !== 0xff) break;
    const marker = jpeg[i + 1];
    const len = jpeg.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xc2) {
      jpeg.writeUInt16BE(60_000, i + 5); // height
      jpeg.writeUInt16BE(60_000, i + 7); // width
      return jpeg;
    }
    i += 2 + len;
  }
  throw new Error('no frame header in the sample JPEG');
}

/** A GIF whose logical screen is 65 535 × 65 535. */
export function pixelBombGif(): Buffer {
  const head = Buffer.from('GIF89a', 'ascii');
  const screen = Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00]);
  const image = Buffer.from([0x2c, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b]);
  return Buffer.concat([head, screen, image]);
}

/** Photos the intake must refuse, each alone in its request: [sample, expected status, expected code]. */
export async function badImages(): Promise<[Sample, number, string][]> {
  const jpeg = goodJpeg();
  const s = (name: string, data: Buffer, filename = `${name}.jpg`, type = 'image/jpeg'): Sample => ({ name, data, filename, type });
  return [
    [s('zero-byte', Buffer.alloc(0)), 400, 'empty_file'],
    [s('truncated-jpeg', jpeg.subarray(0, Math.floor(jpeg.length * 0.4))), 422, 'invalid_image'],
    [s('header-only-jpeg', jpeg.subarray(0, 200)), 422, 'invalid_image'],
    [s('text-as-jpeg', Buffer.from('Not a photo at all.\n'.repeat(50))), 415, 'unsupported_media_type'],
    [s('pdf-as-jpeg', Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')), 415, 'unsupported_media_type'],
    [s('html-polyglot', Buffer.concat([Buffer.from('<html><script>alert(1)</script>'), jpeg])), 415, 'unsupported_media_type'],
    [s('svg-script', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'), 'x.svg', 'image/svg+xml'), 415, 'unsupported_media_type'],
    [s('zip-as-jpeg', craftZip([{ name: 'a.jpg', data: jpeg }])), 415, 'unsupported_media_type'],
    [s('random-bytes', randomBytes(4096)), 415, 'unsupported_media_type'],
    [s('pixel-bomb-png', pixelBombPng(), 'bomb.png', 'image/png'), 413, 'image_too_large'],
    [s('pixel-bomb-jpeg', pixelBombJpeg()), 413, 'image_too_large'],
    [s('pixel-bomb-gif', pixelBombGif(), 'bomb.gif', 'image/gif'), 413, 'image_too_large'],
    // 12 000 × 12 000 black pixels: a 144 MB image in about 140 KB, over the 100-megapixel cap.
    [s('decompression-bomb-png', await blackPng(12_000, 12_000), 'bomb.png', 'image/png'), 413, 'image_too_large'],
  ];
}

/** Files a photo intake takes although they are not what they claim: the bytes decide, not the name or the type. */
export function mislabelledImages(): Sample[] {
  const jpeg = goodJpeg(1);
  return [
    { name: 'jpeg-named-png', data: jpeg, filename: 'photo.png', type: 'image/png' },
    { name: 'jpeg-as-octet-stream', data: jpeg, filename: 'photo.bin', type: 'application/octet-stream' },
    // A JPEG with a ZIP appended (a classic polyglot): the image part is what is stored and shown.
    { name: 'jpeg-zip-polyglot', data: Buffer.concat([jpeg, craftZip([{ name: 'evil.sh', data: Buffer.from('rm -rf /') }])]), filename: 'poly.jpg', type: 'image/jpeg' },
  ];
}

/** Archives a photo ZIP or a backup must refuse whole, as [name, bytes]. */
export function hostileZips(): Record<string, Buffer> {
  const jpeg = goodJpeg();
  const whole = craftZip([{ name: 'a.jpg', data: jpeg }, { name: 'b.jpg', data: jpeg }]);
  return {
    'zip-slip': craftZip([{ name: 'ok.jpg', data: jpeg }, { name: '../../evil.jpg', data: jpeg }]),
    'absolute-path': craftZip([{ name: '/etc/cron.d/evil', data: jpeg }]),
    'backslash-traversal': craftZip([{ name: '..\\..\\evil.jpg', data: jpeg }]),
    'symlink-entry': craftZip([{ name: 'link.jpg', data: Buffer.from('/etc/passwd'), mode: 0o120777 }]),
    'device-entry': craftZip([{ name: 'dev.jpg', data: Buffer.alloc(0), mode: 0o020666 }]),
    'zip-bomb': craftZip([{ name: 'bomb.jpg', data: Buffer.alloc(40 * 1024 * 1024), deflate: true }]),
    'size-liar': craftZip([{ name: 'liar.jpg', data: Buffer.alloc(4 * 1024 * 1024, 1), deflate: true, declaredSize: 1000 }]),
    'truncated-zip': whole.subarray(0, Math.floor(whole.length / 2)),
    'not-a-zip': Buffer.from('PK but not really a zip archive'),
    'zero-byte-zip': Buffer.alloc(0),
  };
}

/** A ZIP of photos holding another ZIP (and a good photo): the inner archive is a bad file, not a folder. */
export const nestedZip = () => craftZip([{ name: 'good.jpg', data: goodJpeg() }, { name: 'inner.zip', data: craftZip([{ name: 'x.jpg', data: goodJpeg(1) }]) }]);

/** URL forms a fetch must never follow to this machine or its network, with the code of their refusal. */
export const SSRF_URLS: [string, string][] = [
  ['http://127.0.0.1/a.jpg', 'url_forbidden_address'],
  ['http://localhost/a.jpg', 'url_forbidden_address'],
  ['http://[::1]/a.jpg', 'url_forbidden_address'],
  ['http://0x7f000001/a.jpg', 'url_forbidden_address'],
  ['http://2130706433/a.jpg', 'url_forbidden_address'],
  ['http://0177.0.0.1/a.jpg', 'url_forbidden_address'],
  ['http://127.1/a.jpg', 'url_forbidden_address'],
  ['http://[::ffff:127.0.0.1]/a.jpg', 'url_forbidden_address'],
  ['http://169.254.169.254/latest/meta-data/', 'url_forbidden_address'],
  ['http://10.0.0.1/a.jpg', 'url_forbidden_address'],
  ['http://0.0.0.0/a.jpg', 'url_forbidden_address'],
  ['file:///etc/passwd', 'url_invalid'],
  ['ftp://example.com/a.jpg', 'url_invalid'],
  ['gopher://127.0.0.1:6379/_INFO', 'url_invalid'],
];

/** Strings with NUL, ESC sequences and other control characters, and what the text rule leaves of them. */
export const CONTROL_TEXTS: [string, string][] = [
  ['Pull\u0000 bleu', 'Pull bleu'],
  ['Robe \u001b[2J\u001b[31mrouge', 'Robe [2J[31mrouge'],
  ['Veste\u0007\u0008\u007f en jean', 'Veste en jean'],
  ['Jupe\r\nplissée\rlongue\tnoire', 'Jupe\nplissée\nlongue\tnoire'],
];

/** JSON bodies no route may choke on. */
export const BAD_JSON: [string, string, number, string][] = [
  ['truncated', '{"title": "Pull', 400, 'invalid_json'],
  ['trailing garbage', '{"title": "Pull"} xyz', 400, 'invalid_json'],
  ['not JSON', 'title=Pull', 400, 'invalid_json'],
  ['deep arrays', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, 400, 'json_too_deep'],
  ['deep objects', `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`, 400, 'json_too_deep'],
  ['deep in a string is fine but deep outside is not', `{"title":"${'['.repeat(1000)}","x":${'['.repeat(70)}${']'.repeat(70)}}`, 400, 'json_too_deep'],
  ['prototype pollution', '{"title":"Pull","__proto__":{"admin":true}}', 400, 'invalid_json'],
  ['constructor pollution', '{"title":"Pull","constructor":{"prototype":{"admin":true}}}', 400, 'invalid_json'],
];
