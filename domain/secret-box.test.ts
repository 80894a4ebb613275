import { generateKey, maskSecret, parseKeyring, SecretBox } from './secret-box';

describe('SecretBox', () => {
  const [k1, k2] = [generateKey(), generateKey()];

  it('round-trips a secret bound to its tenant and provider', () => {
    const box = new SecretBox(parseKeyring(`k1:${k1}`));
    const sealed = box.encrypt('EAAG-token', 'tenant-a:WHATSAPP_CLOUD');
    expect(sealed.ciphertext).not.toContain('EAAG');
    expect(box.decrypt(sealed, 'tenant-a:WHATSAPP_CLOUD')).toBe('EAAG-token');
    expect(() => box.decrypt(sealed, 'tenant-b:WHATSAPP_CLOUD')).toThrow();
  });

  it('detects tampering', () => {
    const box = new SecretBox(parseKeyring(`k1:${k1}`));
    const sealed = box.encrypt('secret', 'ad');
    const parts = sealed.ciphertext.split('.');
    parts[3] = Buffer.from('Secret').toString('base64url');
    expect(() => box.decrypt({ ...sealed, ciphertext: parts.join('.') }, 'ad')).toThrow();
  });

  it('rotates: old secrets still decrypt, new ones use the current key', () => {
    const old = new SecretBox(parseKeyring(`k1:${k1}`)).encrypt('secret', 'ad');
    const rotated = new SecretBox(parseKeyring(`k2:${k2},k1:${k1}`));
    expect(rotated.decrypt(old, 'ad')).toBe('secret');
    expect(rotated.needsRotation(old.keyId)).toBe(true);
    expect(rotated.encrypt('secret', 'ad').keyId).toBe('k2');
    expect(() => new SecretBox(parseKeyring(`k2:${k2}`)).decrypt(old, 'ad')).toThrow(/k1/);
  });

  it.each(['', 'k1', `k1:${Buffer.alloc(16).toString('base64')}`, `k1:${k1},k1:${k2}`])('refuses the keyring %p', (spec) => {
    expect(() => parseKeyring(spec)).toThrow();
  });

  it('masks secrets', () => {
    expect(maskSecret('EAAGm0PX4ZCpsBAKZBx9Fz')).toBe('EAAG…x9Fz');
    expect(maskSecret('short')).toBe('••••');
  });
});
