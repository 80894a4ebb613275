import type { AppConfig } from '../../domain/config';
import { assertMediaKey } from './media-keys';
import type { MediaStore } from './media-store';
import { sha256Hex, signV4 } from './aws-sigv4';

/** `pathStyle`: `endpoint/bucket/key` (MinIO and most S3-compatible services) instead of `bucket.endpoint/key`. */
export type S3Settings = NonNullable<AppConfig['s3']>;

/** An S3 answer other than success or "no such key", with S3's own error code. */
export class S3Error extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: string,
    message: string,
  ) {
    super(`S3 ${code} (HTTP ${httpStatus}): ${message}`);
    this.name = 'S3Error';
  }
}

function errorOf(status: number, body: string): S3Error {
  const field = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(body)?.[1];
  return new S3Error(status, field('Code') ?? `HTTP${status}`, field('Message') ?? 'no message');
}

/**
 * Audio in an S3-compatible bucket (AWS S3, MinIO, R2, ...), under `<prefix>/<key>`, signed with
 * Signature V4. S3 writes are atomic per object, so a crash never leaves half a file either.
 */
export class S3MediaStore implements MediaStore {
  constructor(
    private readonly settings: S3Settings,
    private readonly prefix = 'voice',
    private readonly options: { fetch?: typeof fetch; timeoutMs?: number; now?: () => Date } = {},
  ) {}

  async has(key: string): Promise<boolean> {
    return (await this.request('HEAD', key)) !== undefined;
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    return this.request('GET', key);
  }

  async put(key: string, audio: Uint8Array): Promise<void> {
    await this.request('PUT', key, audio);
  }

  /** S3 answers a DELETE of a missing key with success too. */
  async delete(key: string): Promise<void> {
    await this.request('DELETE', key);
  }

  private objectUrl(key: string): URL {
    const endpoint = new URL(this.settings.endpoint);
    const base = endpoint.pathname.replace(/\/$/, '');
    const objectPath = `${this.prefix}/${assertMediaKey(key)}`;
    if (this.settings.pathStyle) return new URL(`${endpoint.origin}${base}/${this.settings.bucket}/${objectPath}`);
    return new URL(`${endpoint.protocol}//${this.settings.bucket}.${endpoint.host}${base}/${objectPath}`);
  }

  /** The object's bytes (empty for HEAD, PUT and DELETE), or undefined when S3 has no such key. */
  private async request(method: 'GET' | 'HEAD' | 'PUT' | 'DELETE', key: string, body?: Uint8Array): Promise<Uint8Array | undefined> {
    const url = this.objectUrl(key);
    const headers = signV4(
      { method, url, headers: body ? { 'content-type': 'application/octet-stream' } : {}, payloadHash: sha256Hex(body ?? ''), now: (this.options.now ?? (() => new Date()))() },
      { ...this.settings, service: 's3' },
    );
    const { host: _host, ...sent } = headers;
    const response = await (this.options.fetch ?? fetch)(url, { method, headers: sent, body, signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000) });
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (response.ok) return bytes;
    if (response.status === 404 && (method === 'HEAD' || errorOf(404, Buffer.from(bytes).toString('utf8')).code === 'NoSuchKey')) return undefined;
    throw errorOf(response.status, Buffer.from(bytes).toString('utf8'));
  }
}
