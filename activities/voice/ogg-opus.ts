/**
 * Muxes Opus packets into an Ogg file (RFC 3533 pages, RFC 7845 Opus mapping): an OpusHead page,
 * an OpusTags page, then audio pages whose granule position counts 48 kHz samples, the last page
 * trimmed to the real length of the audio.
 */

export interface OggOpusStream {
  packets: readonly Uint8Array[];
  /** 48 kHz samples each packet decodes to (960 for 20 ms frames). */
  samplesPerPacket: number;
  /** Encoder lookahead to discard at the start, in 48 kHz samples. */
  preSkip: number;
  /** Length of the original audio, in 48 kHz samples (the padding of the last frame is trimmed). */
  sampleCount: number;
  inputSampleRate: number;
  vendor: string;
  serial: number;
}

const FLAG_FIRST = 0x02;
const FLAG_LAST = 0x04;
const MAX_SEGMENTS = 255;
const PACKETS_PER_PAGE = 50;

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, index) => {
  let crc = index << 24;
  for (let bit = 0; bit < 8; bit += 1) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
  return crc >>> 0;
});

/** Ogg's CRC-32: polynomial 0x04c11db7, initial value 0, not reflected, no final xor. */
export function oggCrc32(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ byte) & 0xff]!) >>> 0;
  return crc;
}

function lacing(length: number): number[] {
  return [...Array.from({ length: Math.floor(length / 255) }, () => 255), length % 255];
}

function page(packets: readonly Uint8Array[], options: { flags: number; granule: bigint; serial: number; sequence: number }): Buffer {
  const segments = packets.flatMap((packet) => lacing(packet.length));
  if (segments.length > MAX_SEGMENTS) throw new Error('Ogg page holds at most 255 segments');
  const header = Buffer.alloc(27 + segments.length);
  header.write('OggS', 0, 'latin1');
  header.writeUInt8(0, 4);
  header.writeUInt8(options.flags, 5);
  header.writeBigInt64LE(options.granule, 6);
  header.writeUInt32LE(options.serial, 14);
  header.writeUInt32LE(options.sequence, 18);
  header.writeUInt8(segments.length, 26);
  Buffer.from(segments).copy(header, 27);
  const bytes = Buffer.concat([header, ...packets]);
  bytes.writeUInt32LE(oggCrc32(bytes), 22);
  return bytes;
}

function opusHead(stream: OggOpusStream): Buffer {
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'latin1');
  head.writeUInt8(1, 8);
  head.writeUInt8(1, 9);
  head.writeUInt16LE(stream.preSkip, 10);
  head.writeUInt32LE(stream.inputSampleRate, 12);
  head.writeInt16LE(0, 16);
  head.writeUInt8(0, 18);
  return head;
}

function opusTags(vendor: string): Buffer {
  const name = Buffer.from(vendor, 'utf8');
  const tags = Buffer.alloc(8 + 4 + name.length + 4);
  tags.write('OpusTags', 0, 'latin1');
  tags.writeUInt32LE(name.length, 8);
  name.copy(tags, 12);
  tags.writeUInt32LE(0, 12 + name.length);
  return tags;
}

/** Packets per page: up to a second of audio, never more segments than a page can hold. */
function groupPackets(packets: readonly Uint8Array[]): Uint8Array[][] {
  const pages: Uint8Array[][] = [];
  let current: Uint8Array[] = [];
  let segments = 0;
  for (const packet of packets) {
    const needed = lacing(packet.length).length;
    if (current.length === PACKETS_PER_PAGE || segments + needed > MAX_SEGMENTS) {
      pages.push(current);
      current = [];
      segments = 0;
    }
    current.push(packet);
    segments += needed;
  }
  if (current.length) pages.push(current);
  return pages;
}

export function oggOpusFile(stream: OggOpusStream): Uint8Array {
  const decodable = stream.packets.length * stream.samplesPerPacket;
  const end = stream.preSkip + stream.sampleCount;
  if (stream.packets.length === 0 || end > decodable) throw new Error('Opus packets must cover the audio plus the pre-skip');
  const pages = [page([opusHead(stream)], { flags: FLAG_FIRST, granule: 0n, serial: stream.serial, sequence: 0 }), page([opusTags(stream.vendor)], { flags: 0, granule: 0n, serial: stream.serial, sequence: 1 })];
  const groups = groupPackets(stream.packets);
  let packetsSoFar = 0;
  groups.forEach((group, index) => {
    packetsSoFar += group.length;
    const last = index === groups.length - 1;
    const granule = last ? end : packetsSoFar * stream.samplesPerPacket;
    pages.push(page(group, { flags: last ? FLAG_LAST : 0, granule: BigInt(granule), serial: stream.serial, sequence: pages.length }));
  });
  return Buffer.concat(pages);
}

export const OGG_FLAGS = { first: FLAG_FIRST, last: FLAG_LAST } as const;
