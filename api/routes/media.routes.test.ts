import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { voiceAudioStore } from '../../integrations/media-store/media-store';
import { startFakeS3, type FakeS3 } from '../../integrations/media-store/testing/fake-s3';
import { createMediaLinks } from '../../integrations/media-store/media-links';
import { startTestApi, type TestApi } from '../../testing/api-harness';

const pathOf = (url: string) => url.replace(/^https?:\/\/[^/]+/, '');
const newKey = () => `${randomBytes(32).toString('hex')}.ogg`;

describe('hosted media links', () => {
  let api: TestApi;
  const audio = Buffer.from('OggS…a voice note for a bot platform to fetch');

  beforeAll(async () => {
    api = await startTestApi({ env: { PUBLIC_API_URL: 'https://api.astor.test' } });
  });
  afterAll(() => api.close());

  it('serves stored audio through a signed link, without a session, as an Ogg/Opus voice note', async () => {
    const key = newKey();
    await voiceAudioStore(api.deps.config).put(key, audio);
    const url = createMediaLinks(api.deps.config).signMediaUrl(key, 600);
    expect(url).toMatch(new RegExp(`^https://api\\.astor\\.test/api/media/${key}\\?expires=\\d+&signature=[\\w-]{43}$`));
    const response = await request(api.app).get(pathOf(url)).expect(200);
    expect(response.headers['content-type']).toBe('audio/ogg; codecs=opus');
    expect(Buffer.from(response.body as Buffer).equals(audio)).toBe(true);
  });

  it('refuses links that are forged, reused for another key, expired or unsigned', async () => {
    const [key, other] = [newKey(), newKey()];
    const store = voiceAudioStore(api.deps.config);
    await store.put(key, audio);
    await store.put(other, audio);
    const links = createMediaLinks(api.deps.config);
    const url = new URL(links.signMediaUrl(key));
    const signature = url.searchParams.get('signature')!;
    const forbidden = async (path: string) => {
      const response = await request(api.app).get(path).expect(403);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    };
    await forbidden(`/api/media/${key}?expires=${url.searchParams.get('expires')}&signature=${signature.slice(0, -2)}AA`);
    await forbidden(`/api/media/${other}${url.search}`);
    await forbidden(`/api/media/${key}?expires=${Number(url.searchParams.get('expires')) + 3600}&signature=${signature}`);
    await forbidden(`/api/media/${key}`);
    const lastYear = createMediaLinks(api.deps.config, () => Date.now() - 366 * 24 * 3600 * 1000).signMediaUrl(key);
    await forbidden(pathOf(lastYear));
    const otherSecret = createMediaLinks({ ...api.deps.config, mediaLinks: { secret: 'x'.repeat(40) } }).signMediaUrl(key);
    await forbidden(pathOf(otherSecret));
  });

  it('never reaches outside the media store, and says when the audio is gone', async () => {
    for (const path of ['/api/media/..%2F..%2F..%2Fetc%2Fpasswd?expires=1&signature=x', '/api/media/%2e%2e?expires=1&signature=x', '/api/media/a..b.ogg12345?expires=1&signature=x']) {
      const response = await request(api.app).get(path);
      expect([400, 404]).toContain(response.status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(() => createMediaLinks(api.deps.config).signMediaUrl('../../etc/passwd')).toThrow(/invalid audio key/);
    await request(api.app).get(pathOf(createMediaLinks(api.deps.config).signMediaUrl(newKey()))).expect(404);
  });

  describe('with an S3-compatible bucket configured', () => {
    let s3: FakeS3;
    let s3Api: TestApi;
    const bucket = { bucket: 'astor-audio', accessKeyId: 'AKIAASTORMEDIA01', secretAccessKey: 'media-secret-0123456789', region: 'us-east-1' };

    beforeAll(async () => {
      s3 = await startFakeS3(bucket);
      s3Api = await startTestApi({
        env: { ASTOR_S3_ENDPOINT: s3.endpoint, ASTOR_S3_BUCKET: bucket.bucket, ASTOR_S3_REGION: bucket.region, ASTOR_S3_ACCESS_KEY_ID: bucket.accessKeyId, ASTOR_S3_SECRET_ACCESS_KEY: bucket.secretAccessKey, ASTOR_S3_PATH_STYLE: 'true' },
      });
    });
    afterAll(async () => {
      await s3Api.close();
      await s3.stop();
    });

    it('reads the audio from the bucket', async () => {
      const key = newKey();
      await voiceAudioStore(s3Api.deps.config).put(key, audio);
      expect(s3.objects().get(`voice/${key}`)?.equals(audio)).toBe(true);
      const response = await request(s3Api.app).get(pathOf(createMediaLinks(s3Api.deps.config).signMediaUrl(key))).expect(200);
      expect(Buffer.from(response.body as Buffer).equals(audio)).toBe(true);
    });
  });
});
