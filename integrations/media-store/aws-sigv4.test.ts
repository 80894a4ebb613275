import { sha256Hex, signV4 } from './aws-sigv4';

// The worked examples of "Signature Calculations for the Authorization Header" in the Amazon S3 API reference.
const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', region: 'us-east-1', service: 's3' };
const now = new Date('2013-05-24T00:00:00Z');
const signatureOf = (headers: Record<string, string>) => /Signature=([0-9a-f]{64})$/.exec(headers.authorization!)![1];

describe('AWS Signature Version 4', () => {
  it('signs AWS’s GET Object example', () => {
    const headers = signV4({ method: 'GET', url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'), headers: { range: 'bytes=0-9' }, payloadHash: sha256Hex(''), now }, credentials);
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
    expect(headers['x-amz-date']).toBe('20130524T000000Z');
  });

  it('signs AWS’s PUT Object example, encoding the key', () => {
    const headers = signV4(
      { method: 'PUT', url: new URL('https://examplebucket.s3.amazonaws.com/test$file.text'), headers: { date: 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-storage-class': 'REDUCED_REDUNDANCY' }, payloadHash: sha256Hex('Welcome to Amazon S3.'), now },
      credentials,
    );
    expect(signatureOf(headers)).toBe('98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd');
  });

  it('changes with the secret, the body and the query', () => {
    const base = { method: 'GET', url: new URL('https://examplebucket.s3.amazonaws.com/a.ogg?b=2&a=1'), payloadHash: sha256Hex(''), now };
    const reference = signatureOf(signV4(base, credentials));
    expect(signatureOf(signV4(base, { ...credentials, secretAccessKey: 'other' }))).not.toBe(reference);
    expect(signatureOf(signV4({ ...base, payloadHash: sha256Hex('x') }, credentials))).not.toBe(reference);
    expect(signatureOf(signV4({ ...base, url: new URL('https://examplebucket.s3.amazonaws.com/a.ogg?a=1&b=2') }, credentials))).toBe(reference);
    expect(signatureOf(signV4({ ...base, url: new URL('https://examplebucket.s3.amazonaws.com/a.ogg?a=1&b=3') }, credentials))).not.toBe(reference);
  });
});
