import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import { sha256Hex, signV4 } from '../aws-sigv4';

const xmlError = (res: Response, status: number, code: string, message: string, resource?: string) =>
  res
    .status(status)
    .type('application/xml')
    .send(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>${resource ? `<Resource>${resource}</Resource>` : ''}<RequestId>${randomUUID()}</RequestId></Error>`);

const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

/** Recomputes the request's SigV4 signature from the headers it says it signed. */
function signatureMatches(req: Request, body: Buffer, secretAccessKey: string): boolean {
  const [, accessKeyId, , region, signedHeaders, signature] = AUTHORIZATION.exec(req.header('authorization') ?? '') ?? [];
  const amzDate = req.header('x-amz-date') ?? '';
  const now = new Date(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
  if (!accessKeyId || !signature || Number.isNaN(now.getTime())) return false;
  const names = signedHeaders!.split(';').filter((name) => !['host', 'x-amz-date', 'x-amz-content-sha256'].includes(name));
  const headers = Object.fromEntries(names.map((name) => [name, req.header(name) ?? '']));
  const expected = signV4({ method: req.method, url: new URL(req.originalUrl, `http://${req.header('host')}`), headers, payloadHash: req.header('x-amz-content-sha256') ?? sha256Hex(body), now }, { accessKeyId, secretAccessKey, region: region!, service: 's3' });
  const computed = /Signature=([0-9a-f]{64})$/.exec(expected.authorization!)![1]!;
  return timingSafeEqual(Buffer.from(computed), Buffer.from(signature));
}

/**
 * A loopback S3 (path-style): PUT, GET, HEAD and DELETE of objects, with AWS's XML errors — 403
 * InvalidAccessKeyId / SignatureDoesNotMatch after checking each request's Signature V4, 400
 * XAmzContentSHA256Mismatch, 404 NoSuchBucket / NoSuchKey — and a log of requests for tests.
 */
export async function startFakeS3(options: { bucket: string; accessKeyId: string; secretAccessKey: string; region: string }) {
  const objects = new Map<string, Buffer>();
  const requests: { method: string; key: string; status: number }[] = [];
  const app = express();
  app.use(express.raw({ type: () => true, limit: '50mb' }));
  app.use((req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const [, bucket, ...rest] = req.path.split('/');
    const key = rest.map(decodeURIComponent).join('/');
    res.on('finish', () => requests.push({ method: req.method, key, status: res.statusCode }));
    const credential = AUTHORIZATION.exec(req.header('authorization') ?? '')?.[1];
    if (credential !== options.accessKeyId) return xmlError(res, 403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
    if (!signatureMatches(req, body, options.secretAccessKey)) return xmlError(res, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
    if (req.header('x-amz-content-sha256') !== sha256Hex(body)) return xmlError(res, 400, 'XAmzContentSHA256Mismatch', 'The provided x-amz-content-sha256 header does not match what was computed.');
    if (bucket !== options.bucket) return xmlError(res, 404, 'NoSuchBucket', 'The specified bucket does not exist', `/${bucket}`);
    if (req.method === 'PUT') {
      objects.set(key, Buffer.from(body));
      return res.status(200).set('ETag', `"${createHash('md5').update(body).digest('hex')}"`).end();
    }
    if (req.method === 'DELETE') {
      objects.delete(key);
      return res.status(204).end();
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return xmlError(res, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    const object = objects.get(key);
    if (!object) return req.method === 'HEAD' ? res.status(404).end() : xmlError(res, 404, 'NoSuchKey', 'The specified key does not exist.', `/${bucket}/${key}`);
    res.status(200).set({ 'Content-Type': 'application/octet-stream', 'Content-Length': String(object.length) });
    return req.method === 'HEAD' ? res.end() : res.end(object);
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    objects: () => new Map(objects),
    requests: () => [...requests],
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeS3 = Awaited<ReturnType<typeof startFakeS3>>;
