import OpusScript from 'opusscript';
import { OGG_FLAGS, oggCrc32, oggOpusFile } from './ogg-opus';
import { pcm16kToOggOpus } from './opus-encoder';

/** Splits an Ogg file into pages, checking each page's CRC the way a player does. */
function readOggPages(file: Uint8Array) {
  const bytes = Buffer.from(file);
  const pages = [];
  let offset = 0;
  while (offset < bytes.length) {
    expect(bytes.toString('latin1', offset, offset + 4)).toBe('OggS');
    const count = bytes.readUInt8(offset + 26);
    const lacing = [...bytes.subarray(offset + 27, offset + 27 + count)];
    const raw = Buffer.from(bytes.subarray(offset, offset + 27 + count + lacing.reduce((sum, value) => sum + value, 0)));
    const crc = raw.readUInt32LE(22);
    raw.writeUInt32LE(0, 22);
    const packets: Buffer[] = [];
    let cursor = 27 + count;
    let parts: Buffer[] = [];
    for (const value of lacing) {
      parts.push(raw.subarray(cursor, cursor + value));
      cursor += value;
      if (value < 255) {
        packets.push(Buffer.concat(parts));
        parts = [];
      }
    }
    pages.push({ version: raw.readUInt8(4), flags: raw.readUInt8(5), granule: raw.readBigInt64LE(6), serial: raw.readUInt32LE(14), sequence: raw.readUInt32LE(18), crcOk: oggCrc32(raw) === crc, packets });
    offset += raw.length;
  }
  return pages;
}

/** A tone sweeping up from 200 Hz at 16 kHz, 16-bit little-endian mono: no two stretches alike, so a wrong delay shows. */
function sweep(seconds: number): Buffer {
  const pcm = Buffer.alloc(seconds * 16_000 * 2);
  for (let i = 0; i < pcm.length / 2; i += 1) {
    const t = i / 16_000;
    pcm.writeInt16LE(Math.round(8_000 * Math.sin(2 * Math.PI * (200 * t + 150 * t * t))), i * 2);
  }
  return pcm;
}

describe('Ogg/Opus voice notes', () => {
  it('computes the Ogg CRC-32 (polynomial 0x04c11db7, not reflected)', () => {
    expect(oggCrc32(Buffer.from('123456789'))).toBe(0x89a1897f);
    expect(oggCrc32(Buffer.alloc(0))).toBe(0);
  });

  it('writes an OpusHead page, an OpusTags page, then audio pages whose granules count 48 kHz samples', async () => {
    const pcm = sweep(2.5);
    const pages = readOggPages(await pcm16kToOggOpus(pcm));
    expect(pages.every((page) => page.crcOk && page.version === 0 && page.serial === pages[0]!.serial)).toBe(true);
    expect(pages.map((page) => page.sequence)).toEqual(pages.map((_, index) => index));
    expect(pages.map((page) => page.flags)).toEqual([OGG_FLAGS.first, ...pages.slice(1, -1).map(() => 0), OGG_FLAGS.last]);

    const head = pages[0]!.packets[0]!;
    expect(pages[0]!.packets).toHaveLength(1);
    expect(head.toString('latin1', 0, 8)).toBe('OpusHead');
    expect({ version: head[8], channels: head[9], preSkip: head.readUInt16LE(10), rate: head.readUInt32LE(12), gain: head.readInt16LE(16), mapping: head[18] }).toEqual({ version: 1, channels: 1, preSkip: 312, rate: 16_000, gain: 0, mapping: 0 });
    expect(pages[1]!.packets[0]!.toString('latin1', 0, 8)).toBe('OpusTags');
    expect([pages[0]!.granule, pages[1]!.granule]).toEqual([0n, 0n]);

    const audio = pages.slice(2);
    let packets = 0;
    for (const page of audio.slice(0, -1)) {
      packets += page.packets.length;
      expect(page.granule).toBe(BigInt(packets * 960));
    }
    const total = audio.reduce((sum, page) => sum + page.packets.length, 0);
    expect(audio.at(-1)!.granule).toBe(BigInt(312 + (pcm.length / 2) * 3));
    expect(audio.at(-1)!.granule).toBeLessThanOrEqual(BigInt(total * 960));
    expect(audio.at(-1)!.granule).toBeGreaterThan(BigInt((total - 1) * 960));
  });

  it('decodes back to the same sound once the pre-skip is dropped', async () => {
    const pcm = sweep(1);
    const packets = readOggPages(await pcm16kToOggOpus(pcm)).slice(2).flatMap((page) => page.packets);
    const decoder = new OpusScript(16_000, 1);
    const decoded = Buffer.concat(packets.map((packet) => decoder.decode(packet)));
    decoder.delete();
    const skip = 312 / 3;
    const sample = (buffer: Buffer, index: number) => buffer.readInt16LE(index * 2);
    let dot = 0;
    let inEnergy = 0;
    let outEnergy = 0;
    for (let i = 2_000; i < 14_000; i += 1) {
      dot += sample(pcm, i) * sample(decoded, i + skip);
      inEnergy += sample(pcm, i) ** 2;
      outEnergy += sample(decoded, i + skip) ** 2;
    }
    expect(dot / Math.sqrt(inEnergy * outEnergy)).toBeGreaterThan(0.9);
  });

  it('keeps long packets whole with 255-byte lacing and refuses audio the packets do not cover', () => {
    const packets = [Buffer.alloc(600, 1), Buffer.alloc(10, 2)];
    const pages = readOggPages(oggOpusFile({ packets, samplesPerPacket: 960, preSkip: 312, sampleCount: 1_000, inputSampleRate: 16_000, vendor: 'test', serial: 7 }));
    expect(pages[2]!.packets.map((packet) => packet.length)).toEqual([600, 10]);
    expect(pages[2]!.granule).toBe(1_312n);
    expect(() => oggOpusFile({ packets, samplesPerPacket: 960, preSkip: 312, sampleCount: 1_700, inputSampleRate: 16_000, vendor: 'test', serial: 7 })).toThrow(/cover/);
  });
});
