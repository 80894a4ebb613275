import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AppConfig } from '../../domain/config';
import { assertMediaKey } from './media-keys';
import { S3MediaStore } from './s3-media-store';

/** Where stored media lives (generated voice notes, media contacts sent), addressed by key. */
export interface MediaStore {
  has(key: string): Promise<boolean>;
  get(key: string): Promise<Uint8Array | undefined>;
  put(key: string, audio: Uint8Array): Promise<void>;
  /** Removes the object; one already gone counts as removed, so a repeat is harmless. */
  delete(key: string): Promise<void>;
}

/** Audio files under a local directory (the default); writes are atomic so a crash never leaves half a file. */
export class LocalMediaStore implements MediaStore {
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

  async delete(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }

  private file(key: string): string {
    return path.join(this.dir, assertMediaKey(key));
  }
}

/**
 * Generated voice notes, shared by the worker (writes) and the API (plays and hosts them): in the
 * S3-compatible bucket when one is configured, else under the media directory.
 */
export function voiceAudioStore(config: Pick<AppConfig, 'mediaDir' | 's3'>): MediaStore {
  return config.s3 ? new S3MediaStore(config.s3, 'voice') : new LocalMediaStore(path.join(config.mediaDir, 'voice'));
}

/** Media contacts sent, copied from the provider before its copy expires; keyed by message id. */
export function inboundMediaStore(config: Pick<AppConfig, 'mediaDir' | 's3'>): MediaStore {
  return config.s3 ? new S3MediaStore(config.s3, 'inbound') : new LocalMediaStore(path.join(config.mediaDir, 'inbound'));
}
