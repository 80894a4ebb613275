import { startFakeS3, type FakeS3 } from './testing/fake-s3';
import { S3MediaStore, type S3Settings } from './s3-media-store';

const secrets = { bucket: 'astor-media', accessKeyId: 'AKIAASTORTEST0001', secretAccessKey: 'astor/test+secret0123456789', region: 'sa-east-1' };

describe('S3MediaStore against a loopback S3', () => {
  let s3: FakeS3;
  let settings: S3Settings;

  beforeAll(async () => {
    s3 = await startFakeS3(secrets);
    settings = { ...secrets, endpoint: s3.endpoint, pathStyle: true };
  });
  afterAll(() => s3.stop());

  it('puts, finds and reads audio under the voice prefix, with signed requests', async () => {
    const store = new S3MediaStore(settings);
    const audio = Buffer.from('OggS fake voice note');
    expect(await store.has('abc123.ogg')).toBe(false);
    expect(await store.get('abc123.ogg')).toBeUndefined();
    await store.put('abc123.ogg', audio);
    expect(await store.has('abc123.ogg')).toBe(true);
    expect(Buffer.from((await store.get('abc123.ogg'))!).equals(audio)).toBe(true);
    expect([...s3.objects().keys()]).toEqual(['voice/abc123.ogg']);
    expect(s3.requests().map(({ method, status }) => `${method} ${status}`)).toEqual(['HEAD 404', 'GET 404', 'PUT 200', 'HEAD 200', 'GET 200']);
  });

  it('reports S3’s own error code when the secret or the bucket is wrong', async () => {
    await expect(new S3MediaStore({ ...settings, secretAccessKey: 'wrong-secret' }).put('k1.ogg', Buffer.from('x'))).rejects.toMatchObject({ name: 'S3Error', httpStatus: 403, code: 'SignatureDoesNotMatch' });
    await expect(new S3MediaStore({ ...settings, accessKeyId: 'AKIAUNKNOWN' }).get('k1.ogg')).rejects.toMatchObject({ httpStatus: 403, code: 'InvalidAccessKeyId' });
    await expect(new S3MediaStore({ ...settings, bucket: 'other' }).get('k1.ogg')).rejects.toMatchObject({ httpStatus: 404, code: 'NoSuchBucket' });
    expect(s3.objects().has('voice/k1.ogg')).toBe(false);
  });

  it('refuses a body that does not match its signed hash', async () => {
    const tampering: typeof fetch = (url, init) => fetch(url, { ...init, body: Buffer.from('tampered') });
    await expect(new S3MediaStore(settings, 'voice', { fetch: tampering }).put('k2.ogg', Buffer.from('original'))).rejects.toMatchObject({ httpStatus: 400, code: 'XAmzContentSHA256Mismatch' });
  });

  it('deletes an object, and deleting it again is no error', async () => {
    const store = new S3MediaStore(settings, 'inbound');
    await store.put('gone.jpg', Buffer.from('a photo'));
    await store.delete('gone.jpg');
    await store.delete('gone.jpg');
    expect(await store.has('gone.jpg')).toBe(false);
    expect([...s3.objects().keys()]).not.toContain('inbound/gone.jpg');
  });

  it('never lets a key leave its prefix', async () => {
    const store = new S3MediaStore(settings);
    for (const key of ['../secrets.ogg', 'a/b.ogg', '..', '']) await expect(store.get(key)).rejects.toThrow(/invalid audio key/);
  });

  it('addresses virtual-hosted buckets as bucket.endpoint', async () => {
    const urls: string[] = [];
    const recording: typeof fetch = (url) => {
      urls.push(String(url));
      return Promise.resolve(new Response(null, { status: 404 }));
    };
    await new S3MediaStore({ ...settings, endpoint: 'https://s3.sa-east-1.amazonaws.com', pathStyle: false }, 'voice', { fetch: recording }).has('n.ogg');
    expect(urls).toEqual(['https://astor-media.s3.sa-east-1.amazonaws.com/voice/n.ogg']);
  });
});
