import zlib from 'node:zlib';

// A deliberately permissive ZIP writer for tests: it writes what a real tool (yazl included) would refuse to (names
// with "..", backslashes, symbolic links, sizes that lie), so the guards of the backup restore and of the bulk ZIP
// intake can be tried on real archive bytes.
export interface CraftEntry {
  name: string;
  data?: Buffer;
  /** Unix mode for the external attributes (0o100644 a file, 0o120777 a link). */
  mode?: number;
  /** A declared uncompressed size (written as ZIP64 when over 4 GiB) instead of the data's. */
  declaredSize?: number;
  /** Store the data deflated (method 8), as a zip bomb would. */
  deflate?: boolean;
}

interface SharedFields { zip64: boolean; method: number; crc: number; stored: number; size: number; nameLength: number; extraLength: number }

/** The fields a local header and its central directory entry both carry, in the same order, from `at` on. */
function writeSharedFields(b: Buffer, at: number, f: SharedFields): void {
  const small = (n: number) => (f.zip64 ? 0xffffffff : n);
  b.writeUInt16LE(f.zip64 ? 45 : 20, at); // version needed
  b.writeUInt16LE(0x0800, at + 2); // UTF-8 names
  b.writeUInt16LE(f.method, at + 4);
  b.writeUInt16LE(0, at + 6); // time
  b.writeUInt16LE(0x21, at + 8); // date 1980-01-01
  b.writeUInt32LE(f.crc, at + 10);
  b.writeUInt32LE(small(f.stored), at + 14);
  b.writeUInt32LE(small(f.size), at + 18);
  b.writeUInt16LE(f.nameLength, at + 22);
  b.writeUInt16LE(f.extraLength, at + 24);
}

export function craftZip(entries: CraftEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const raw = e.data ?? Buffer.alloc(0);
    const data = e.deflate ? zlib.deflateRawSync(raw) : raw;
    const name = Buffer.from(e.name, 'utf8');
    const crc = zlib.crc32(raw);
    const size = e.declaredSize ?? raw.length;
    const method = e.deflate ? 8 : 0;
    const zip64 = size >= 0xffffffff;
    const extra = zip64 ? Buffer.alloc(20) : Buffer.alloc(0);
    if (zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(16, 2);
      extra.writeBigUInt64LE(BigInt(size), 4);
      extra.writeBigUInt64LE(BigInt(data.length), 12);
    }
    const shared: SharedFields = { zip64, method, crc, stored: data.length, size, nameLength: name.length, extraLength: extra.length };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    writeSharedFields(local, 4, shared);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 45, 4); // made by Unix, so the mode below is read
    writeSharedFields(central, 6, shared);
    central.writeUInt16LE(0, 32);
    central.writeUInt16LE(0, 34);
    central.writeUInt16LE(0, 36);
    central.writeUInt32LE(((e.mode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    const localAll = Buffer.concat([local, name, extra, data]);
    locals.push(localAll);
    centrals.push(Buffer.concat([central, name, extra]));
    offset += localAll.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}
