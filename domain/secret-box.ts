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

/** `keyId:base64key[,keyId:base64key…]`, the first key being current; keys are 32 bytes. */
export function parseKeyring(spec: string): Keyring {
  const keys = new Map<string, Buffer>();
  for (const part of spec.split(',').map((item) => item.trim()).filter(Boolean)) {
    const [keyId, encoded] = part.split(':');
    if (!keyId || !encoded) throw new Error(`secret key "${part.slice(0, 12)}…" must be keyId:base64key`);
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== 32) throw new Error(`secret key "${keyId}" must be 32 bytes (base64 of 32 random bytes)`);
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
    const [version, iv, tag, data] = sealed.ciphertext.split('.');
    if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('unrecognised secret format');
    const decipher = createDecipheriv('aes-256-gcm', this.key(sealed.keyId), Buffer.from(iv, 'base64url')).setAAD(Buffer.from(associatedData));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
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
