import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Where generated audio lives, addressed by content key. */
export interface AudioStore {
  has(key: string): Promise<boolean>;
  get(key: string): Promise<Uint8Array | undefined>;
  put(key: string, audio: Uint8Array): Promise<void>;
}

/** Audio files under a local directory (the default); writes are atomic so a crash never leaves half a file. */
export class LocalAudioStore implements AudioStore {
  constructor(private readonly dir: string) {}

  async has(key: string): Promise<boolean> {
    return (await this.get(key)) !== undefined;
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return await readFile(this.file(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async put(key: string, audio: Uint8Array): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const temporary = `${this.file(key)}.${process.pid}.tmp`;
    await writeFile(temporary, audio);
    await rename(temporary, this.file(key));
  }

  private file(key: string): string {
    if (!/^[a-z0-9_.-]+$/i.test(key)) throw new Error(`invalid audio key ${key}`);
    return path.join(this.dir, key);
  }
}

/** Generated voice notes live under the media directory, shared by the worker (writes) and the API (plays them). */
export function voiceAudioStore(mediaDir: string): AudioStore {
  return new LocalAudioStore(path.join(mediaDir, 'voice'));
}
