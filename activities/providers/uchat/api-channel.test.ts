import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { DEFAULT_SIGNATURE_HEADER, signReplyPayload, verificationChallenge, verifyReplySignature } from './api-channel';
import { deliverChannelReply, verifyChannelWebhook } from './fake-api-channel';

const SECRET = 'chan_secret_51f0c2';

describe('UChat API channel verification', () => {
  it('echoes the challenge only for the channel token and the subscribe mode', () => {
    expect(verificationChallenge({ hub_mode: 'subscribe', hub_verify_token: 'astor-verify', hub_challenge: 'c-123' }, 'astor-verify')).toBe('c-123');
    expect(verificationChallenge({ hub_mode: 'subscribe', hub_verify_token: 'astor-verify', hub_challenge: 98765 }, 'astor-verify')).toBe('98765');
    expect(verificationChallenge({ hub_mode: 'subscribe', hub_verify_token: 'astor-verifx', hub_challenge: 'c-123' }, 'astor-verify')).toBeUndefined();
    expect(verificationChallenge({ hub_mode: 'unsubscribe', hub_verify_token: 'astor-verify', hub_challenge: 'c-123' }, 'astor-verify')).toBeUndefined();
    expect(verificationChallenge({ hub_mode: 'subscribe', hub_verify_token: '', hub_challenge: 'c-123' }, '')).toBeUndefined();
    expect(verificationChallenge({ hub_mode: 'subscribe', hub_verify_token: 'astor-verify' }, 'astor-verify')).toBeUndefined();
  });
});

describe('UChat reply signatures', () => {
  const body = JSON.stringify({ user_id: '5215512345678', messages: [{ type: 'text', text: '¡Hola!' }] });

  it('signs with a hex HMAC-SHA256 of the raw body and verifies it, with or without a sha256= prefix', () => {
    const signature = signReplyPayload(body, SECRET);
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyReplySignature(body, signature, SECRET)).toBe(true);
    expect(verifyReplySignature(Buffer.from(body), `sha256=${signature.toUpperCase()}`, SECRET)).toBe(true);
  });

  it('refuses an altered body, another secret, a missing or malformed signature', () => {
    const signature = signReplyPayload(body, SECRET);
    expect(verifyReplySignature(body.replace('Hola', 'Chau'), signature, SECRET)).toBe(false);
    expect(verifyReplySignature(body, signature, 'other-secret')).toBe(false);
    expect(verifyReplySignature(body, undefined, SECRET)).toBe(false);
    expect(verifyReplySignature(body, signature.slice(2), SECRET)).toBe(false);
    expect(verifyReplySignature(body, signature, '')).toBe(false);
  });
});

describe("the fake UChat's side of the channel against an endpoint using the helpers", () => {
  let server: Server;
  let url: string;
  const replies: unknown[] = [];

  beforeAll(async () => {
    const app = express();
    app.post('/channels/uchat', express.raw({ type: '*/*' }), (req, res) => {
      const raw = req.body as Buffer;
      const params = JSON.parse(raw.toString()) as Record<string, unknown>;
      if ('hub_mode' in params) {
        const challenge = verificationChallenge(params, 'astor-verify');
        return challenge ? res.type('text/plain').send(challenge) : res.sendStatus(403);
      }
      if (!verifyReplySignature(raw, req.header(String(req.query.header ?? DEFAULT_SIGNATURE_HEADER)), SECRET)) return res.sendStatus(401);
      replies.push(params);
      res.sendStatus(200);
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/channels/uchat`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('verifies the webhook with the right token and fails with another', async () => {
    expect(await verifyChannelWebhook(url, 'astor-verify')).toEqual({ status: 200, verified: true });
    expect(await verifyChannelWebhook(url, 'guess')).toEqual({ status: 403, verified: false });
  });

  it('delivers signed replies under the default or a configured header, and unsigned ones are refused', async () => {
    const reply = { user_id: '5215512345678', messages: [{ type: 'text', text: 'Te llamo en 5 minutos' }] };
    expect(await deliverChannelReply(url, reply, { secret: SECRET })).toEqual({ status: 200 });
    expect(await deliverChannelReply(`${url}?header=x-signature`, reply, { secret: SECRET, signatureHeader: 'x-signature' })).toEqual({ status: 200 });
    expect(await deliverChannelReply(url, reply, { secret: 'wrong' })).toEqual({ status: 401 });
    expect(replies).toEqual([reply, reply]);
  });
});
