import zlib from 'node:zlib';

/** One entry of a zip's central directory. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  size: number;
  crc32: number;
  isDirectory: boolean;
  /** The entry's bytes, inflated and checked against the CRC-32. */
  data(): Buffer;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * Lists a zip's entries from its central directory (what unzip trusts), without any package: the end
 * record is found from the end, then each central record leads to its local header and data. Zip64
 * archives (over 4 GiB or 65535 entries) are refused: the tests never make one.
 */
export function readZip(zip: Buffer): ZipEntry[] {
  let eocd = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at -= 1) {
    if (zip.readUInt32LE(at) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new Error('Not a zip: no end-of-central-directory record');
  const count = zip.readUInt16LE(eocd + 10);
  const size = zip.readUInt32LE(eocd + 12);
  const offset = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff)
    throw new Error('Zip64 archives are not supported');

  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i += 1) {
    if (zip.readUInt32LE(at) !== CENTRAL) throw new Error(`Bad central directory record at ${at}`);
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const crc32 = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const uncompressedSize = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localOffset = zip.readUInt32LE(at + 42);
    const rawName = zip.subarray(at + 46, at + 46 + nameLength);
    // Bit 11: the name is UTF-8; otherwise CP437, which for the ASCII names here reads the same.
    const name = rawName.toString(flags & 0x800 ? 'utf8' : 'latin1');
    at += 46 + nameLength + extraLength + commentLength;

    entries.push({
      name,
      method,
      compressedSize,
      size: uncompressedSize,
      crc32,
      isDirectory: name.endsWith('/'),
      data: () => {
        if (zip.readUInt32LE(localOffset) !== LOCAL) throw new Error(`Bad local header for ${name}`);
        const start =
          localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
        const raw = zip.subarray(start, start + compressedSize);
        const data = method === 0 ? Buffer.from(raw) : method === 8 ? zlib.inflateRawSync(raw) : undefined;
        if (data === undefined) throw new Error(`Unsupported compression method ${method} for ${name}`);
        if (data.length !== uncompressedSize) throw new Error(`Size mismatch for ${name}`);
        if (zlib.crc32(data) !== crc32) throw new Error(`CRC-32 mismatch for ${name}`);
        return data;
      },
    });
  }
  return entries;
}

/** The file names inside the zip (directories left out), sorted. */
export function zipFileNames(zip: Buffer): string[] {
  return readZip(zip)
    .filter((entry) => !entry.isDirectory)
    .map((entry) => entry.name)
    .sort();
}
