import { setImmediate as nextTurn } from 'node:timers/promises';
import OpusScript from 'opusscript';
import { oggOpusFile } from './ogg-opus';

const INPUT_RATE = 16_000;
const FRAME_SAMPLES = 320;
const TO_48K = 48_000 / INPUT_RATE;
/** libopus' lookahead at 16 kHz (2.5 ms + 4 ms), which decoders skip: 312 samples at 48 kHz. */
const LOOKAHEAD_SAMPLES = 104;
const BITRATE = 24_000;
/** About a second of audio (~30 ms of work) between turns of the event loop, so heartbeats and other activities keep running. */
const FRAMES_PER_TURN = 50;

/**
 * 16 kHz 16-bit little-endian mono PCM (ElevenLabs' `pcm_16000`) to an Ogg/Opus voice note,
 * the format WhatsApp plays as a voice message. libopus runs as WebAssembly: no native binary.
 */
export async function pcm16kToOggOpus(pcm: Uint8Array): Promise<Uint8Array> {
  const samples = Math.floor(pcm.byteLength / 2);
  if (samples === 0) throw new Error('No audio to encode');
  // Enough frames that the lookahead still leaves every real sample decodable.
  const frames = Math.ceil((samples + LOOKAHEAD_SAMPLES) / FRAME_SAMPLES);
  const padded = Buffer.alloc(frames * FRAME_SAMPLES * 2);
  Buffer.from(pcm.buffer, pcm.byteOffset, samples * 2).copy(padded);
  const encoder = new OpusScript(INPUT_RATE, 1, OpusScript.Application.VOIP);
  try {
    encoder.setBitrate(BITRATE);
    const packets: Buffer[] = [];
    for (let frame = 0; frame < frames; frame += 1) {
      if (frame > 0 && frame % FRAMES_PER_TURN === 0) await nextTurn();
      packets.push(encoder.encode(padded.subarray(frame * FRAME_SAMPLES * 2, (frame + 1) * FRAME_SAMPLES * 2), FRAME_SAMPLES));
    }
    return oggOpusFile({
      packets,
      samplesPerPacket: FRAME_SAMPLES * TO_48K,
      preSkip: LOOKAHEAD_SAMPLES * TO_48K,
      sampleCount: samples * TO_48K,
      inputSampleRate: INPUT_RATE,
      vendor: 'Astor (libopus via opusscript)',
      serial: 0x61737472,
    });
  } finally {
    encoder.delete();
  }
}
