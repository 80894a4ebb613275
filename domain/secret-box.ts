import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface Keyring {
  /** New secrets are encrypted with this key; the others only decrypt (rotation). */
  currentKeyId: string;
  keys: Map<string, Buffer>;
}

export interface SealedSecret {
  keyId: string;
  ciphertext: string;
}

const KEY_ID = /^[A-Za-z0-9_-]+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** `keyId:base64key[,keyId:base64key…]`, the first key being current; keys are 32 bytes. */
export function parseKeyring(spec: string): Keyring {
  const keys = new Map<string, Buffer>();
  const entries = spec.split(',').map((item) => item.trim()).filter(Boolean);
  for (const [index, entry] of entries.entries()) {
    const separator = entry.indexOf(':');
    const keyId = entry.slice(0, Math.max(separator, 0));
    const encoded = entry.slice(separator + 1);
    if (!KEY_ID.test(keyId)) throw new Error(`secret key number ${index + 1} must be keyId:base64key, the key id made of letters, digits, - or _`);
    if (!BASE64.test(encoded)) throw new Error(`secret key "${keyId}" is not base64`);
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== 32) throw new Error(`secret key "${keyId}" must be 32 bytes (base64 of 32 random bytes), not ${key.length}`);
    if (keys.has(keyId)) throw new Error(`secret key "${keyId}" appears twice`);
    keys.set(keyId, key);
  }
  const currentKeyId = keys.keys().next().value;
  if (!currentKeyId) throw new Error('the secrets keyring is empty');
  return { currentKeyId, keys };
}

export function generateKey(): string {
  return randomBytes(32).toString('base64');
}

const b64 = (buffer: Buffer) => buffer.toString('base64url');

/**
 * AES-256-GCM for provider secrets at rest. The associated data binds a secret to where it belongs
 * (tenant and provider), so a ciphertext copied elsewhere does not decrypt.
 */
export class SecretBox {
  constructor(private readonly keyring: Keyring) {}

  encrypt(plaintext: string, associatedData: string): SealedSecret {
    const keyId = this.keyring.currentKeyId;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key(keyId), iv).setAAD(Buffer.from(associatedData));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { keyId, ciphertext: `v1.${b64(iv)}.${b64(cipher.getAuthTag())}.${b64(data)}` };
  }

  decrypt(sealed: SealedSecret, associatedData: string): string {
    const [version, iv, tag, data, extra] = sealed.ciphertext.split('.');
    if (version !== 'v1' || !iv || !tag || data === undefined || extra !== undefined) throw new Error('unrecognised secret format (expected v1.<iv>.<tag>.<data>)');
    const decipher = createDecipheriv('aes-256-gcm', this.key(sealed.keyId), Buffer.from(iv, 'base64url')).setAAD(Buffer.from(associatedData));
    try {
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new Error(`secret sealed with key "${sealed.keyId}" does not authenticate: it was altered or belongs to another tenant or provider`);
    }
  }

  needsRotation(keyId: string): boolean {
    return keyId !== this.keyring.currentKeyId;
  }

  private key(keyId: string): Buffer {
    const key = this.keyring.keys.get(keyId);
    if (!key) throw new Error(`secret key "${keyId}" is not in the keyring`);
    return key;
  }
}

/** A secret as responses and logs may show it: enough to recognise, not to use. */
export function maskSecret(value: string): string {
  return value.length >= 16 ? `${value.slice(0, 4)}…${value.slice(-4)}` : '••••';
}

/** Text that may quote a secret (a provider's error message, say) with every occurrence masked. */
export function redactSecret(text: string, secret: string): string {
  return secret ? text.split(secret).join(maskSecret(secret)) : text;
}
