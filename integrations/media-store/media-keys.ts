export const VOICE_NOTE_CONTENT_TYPE = 'audio/ogg; codecs=opus';

const CONTENT_TYPES: Record<string, string> = { ogg: VOICE_NOTE_CONTENT_TYPE, mp3: 'audio/mpeg' };

/** Keys are plain file names (a content hash and an extension): nothing that could leave the store. */
export function assertMediaKey(key: string): string {
  if (!/^[a-z0-9_-][a-z0-9_.-]*$/i.test(key) || key.includes('..')) throw new Error(`invalid audio key ${key}`);
  return key;
}

/** The MIME type of stored audio, from its key's extension (`.ogg` voice notes; `.mp3` from before them). */
export function audioContentType(audioKey: string): string {
  return CONTENT_TYPES[audioKey.slice(audioKey.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
}
