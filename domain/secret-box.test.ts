import { generateKey, maskSecret, parseKeyring, redactSecret, SecretBox } from './secret-box';

describe('SecretBox', () => {
  const [k1, k2] = [generateKey(), generateKey()];
  const box = new SecretBox(parseKeyring(`k1:${k1}`));

  it('round-trips a secret bound to its tenant and provider', () => {
    const sealed = box.encrypt('EAAG-token ñandú', 'tenant-a:WHATSAPP_CLOUD');
    expect(sealed.ciphertext).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed.ciphertext).not.toContain('EAAG');
    expect(box.decrypt(sealed, 'tenant-a:WHATSAPP_CLOUD')).toBe('EAAG-token ñandú');
  });

  it('never gives the same ciphertext twice for the same secret', () => {
    expect(box.encrypt('secret', 'ad').ciphertext).not.toBe(box.encrypt('secret', 'ad').ciphertext);
  });

  it('refuses a secret moved to another tenant or provider', () => {
    const sealed = box.encrypt('EAAG-token', 'tenant-a:WHATSAPP_CLOUD');
    expect(() => box.decrypt(sealed, 'tenant-b:WHATSAPP_CLOUD')).toThrow(/does not authenticate.*another tenant or provider/);
    expect(() => box.decrypt(sealed, 'tenant-a:ELEVENLABS')).toThrow(/does not authenticate/);
  });

  it.each([
    ['the iv', 1],
    ['the tag', 2],
    ['the data', 3],
  ])('detects tampering with %s', (_part, index) => {
    const sealed = box.encrypt('secret', 'ad');
    const parts = sealed.ciphertext.split('.');
    const bytes = Buffer.from(parts[index]!, 'base64url');
    bytes.writeUInt8(bytes.readUInt8(0) ^ 1, 0);
    parts[index] = bytes.toString('base64url');
    expect(() => box.decrypt({ ...sealed, ciphertext: parts.join('.') }, 'ad')).toThrow(/does not authenticate/);
  });

  it.each(['v2.a.b.c', 'v1.a.b', 'v1.a.b.c.d', 'not a secret'])('refuses the unrecognised form %p', (ciphertext) => {
    expect(() => box.decrypt({ keyId: 'k1', ciphertext }, 'ad')).toThrow(/unrecognised secret format/);
  });

  it('rotates: old secrets still decrypt, new ones use the current key', () => {
    const old = box.encrypt('secret', 'ad');
    const rotated = new SecretBox(parseKeyring(`k2:${k2},k1:${k1}`));
    expect(rotated.decrypt(old, 'ad')).toBe('secret');
    expect(rotated.needsRotation(old.keyId)).toBe(true);
    const fresh = rotated.encrypt('secret', 'ad');
    expect(fresh.keyId).toBe('k2');
    expect(rotated.needsRotation(fresh.keyId)).toBe(false);
    expect(() => box.decrypt(fresh, 'ad')).toThrow('secret key "k2" is not in the keyring');
  });

  it('does not decrypt with the right key id but another key', () => {
    const impostor = new SecretBox(parseKeyring(`k1:${k2}`));
    expect(() => impostor.decrypt(box.encrypt('secret', 'ad'), 'ad')).toThrow(/does not authenticate/);
  });
});

describe('parseKeyring', () => {
  const key = Buffer.alloc(32, 7).toString('base64');

  it('makes the first key current and keeps the others for decryption', () => {
    const keyring = parseKeyring(` new:${key} , old:${generateKey()} `);
    expect(keyring.currentKeyId).toBe('new');
    expect([...keyring.keys.keys()]).toEqual(['new', 'old']);
    expect(keyring.keys.get('new')).toHaveLength(32);
  });

  it.each([
    ['', /keyring is empty/],
    [' , ', /keyring is empty/],
    [key, /secret key number 1 must be keyId:base64key/],
    [`k1:${key},:${key}`, /secret key number 2 must be keyId:base64key/],
    [`k.1:${key}`, /secret key number 1/],
    [`short:${Buffer.alloc(16).toString('base64')}`, /secret key "short" must be 32 bytes .* not 16/],
    ['typo:not*base64', /secret key "typo" is not base64/],
    [`k1:${key},k1:${Buffer.alloc(32, 8).toString('base64')}`, /secret key "k1" appears twice/],
  ])('refuses the keyring %p, naming the bad key', (spec, message) => {
    expect(() => parseKeyring(spec)).toThrow(message);
  });

  it('never quotes key material in its errors', () => {
    expect(() => parseKeyring(key)).toThrow(expect.objectContaining({ message: expect.not.stringContaining(key.slice(0, 6)) }));
  });

  it('generates distinct 32-byte keys', () => {
    expect(Buffer.from(generateKey(), 'base64')).toHaveLength(32);
    expect(generateKey()).not.toBe(generateKey());
  });
});

describe('masking', () => {
  it('shows the first and last four characters of a long secret only', () => {
    expect(maskSecret('EAAGm0PX4ZCpsBAKZBx9Fz')).toBe('EAAG…x9Fz');
    expect(maskSecret('0123456789abcdef')).toBe('0123…cdef');
    expect(maskSecret('0123456789abcde')).toBe('••••');
    expect(maskSecret('')).toBe('••••');
  });

  it('redacts every occurrence of a secret in a text', () => {
    const secret = 'sk_live_0123456789abcdef';
    expect(redactSecret(`key ${secret} rejected; ${secret}`, secret)).toBe('key sk_l…cdef rejected; sk_l…cdef');
    expect(redactSecret('nothing to hide', '')).toBe('nothing to hide');
  });
});
