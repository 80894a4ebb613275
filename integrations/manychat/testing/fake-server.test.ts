import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManyChatClient } from '../client';
import { textMessage } from '../content';
import { startFakeManyChat, type FakeManyChat } from './fake-server';

const KEY = '2020:abcdefabcdefabcdefabcdefabcdef12';
const PAGE = '2020';

describe('the loopback ManyChat', () => {
  let fake: FakeManyChat;
  let clock = Date.parse('2026-11-24T12:00:00Z');
  const post = (path: string, body: unknown) =>
    fetch(`${fake.baseUrl}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const content = (subscriberId: string) => ({ subscriber_id: subscriberId, data: { version: 'v2', content: { messages: [textMessage('hola')] } } });

  beforeEach(async () => {
    fake = await startFakeManyChat({ pages: [{ apiKey: KEY, pageId: PAGE, name: 'Demo', subscribers: [{ id: '1' }, { id: '2' }] }], now: () => clock });
  });
  afterEach(() => fake.stop());

  it('limits sendContent to 25 requests a second per page, answering 429 with Retry-After', async () => {
    const statuses = await Promise.all(Array.from({ length: 26 }, () => post('/fb/sending/sendContent', content('1')).then((response) => response.status)));
    expect(statuses.filter((status) => status === 429)).toHaveLength(1);
    const refused = await post('/fb/sending/sendContent', content('1'));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({ status: 'error' });
    clock += 1000;
    expect((await post('/fb/sending/sendContent', content('1'))).status).toBe(200);
  });

  it('limits sendFlow to 100 per subscriber per hour, other subscribers unaffected', async () => {
    for (let sent = 0; sent < 100; sent += 1) {
      clock += 60;
      expect((await post('/fb/sending/sendFlow', { subscriber_id: '1', flow_ns: 'content1' })).status).toBe(200);
    }
    const refused = await post('/fb/sending/sendFlow', { subscriber_id: '1', flow_ns: 'content1' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3500);
    expect((await post('/fb/sending/sendFlow', { subscriber_id: '2', flow_ns: 'content1' })).status).toBe(200);
    clock += 3_600_000;
    expect((await post('/fb/sending/sendFlow', { subscriber_id: '1', flow_ns: 'content1' })).status).toBe(200);
  });

  it('limits sendFlow to 20 a second and tag or field writes to 10 a second, each endpoint on its own', async () => {
    const count429 = async (times: number, path: string, body: unknown) => (await Promise.all(Array.from({ length: times }, () => post(path, body)))).filter((response) => response.status === 429).length;
    expect(await count429(21, '/fb/sending/sendFlow', { subscriber_id: '2', flow_ns: 'content1' })).toBe(1);
    expect(await count429(11, '/fb/subscriber/addTagByName', { subscriber_id: '1', tag_name: 'lead' })).toBe(1);
    expect(await count429(10, '/fb/subscriber/removeTagByName', { subscriber_id: '1', tag_name: 'lead' })).toBe(0);
    expect(await count429(11, '/fb/subscriber/setCustomFieldByName', { subscriber_id: '1', field_name: 'zona', field_value: 'Palermo' })).toBe(1);
  });

  it('honours lower limits given by the test', async () => {
    await fake.stop();
    fake = await startFakeManyChat({ pages: [{ apiKey: KEY, pageId: PAGE, name: 'Demo', subscribers: [{ id: '1' }] }], now: () => clock, limits: { sendContent: 1 } });
    expect((await post('/fb/sending/sendContent', content('1'))).status).toBe(200);
    expect((await post('/fb/sending/sendContent', content('1'))).status).toBe(429);
  });

  it('explains every problem of an invalid sendContent in details', async () => {
    const response = await post('/fb/sending/sendContent', {
      subscriber_id: '1',
      data: { version: 'v2', content: { messages: [{ type: 'carousel' }, { type: 'image', url: 'ftp://x' }, { type: 'text', text: 'x'.repeat(2001) }] } },
      message_tag: 'PROMOTION',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { details: { messages: { message: string }[] } };
    expect(body.details.messages.map((each) => each.message)).toEqual([
      'data.content.messages[0].type "carousel" is not supported',
      'data.content.messages[1].url must be an http(s) URL',
      'data.content.messages[2].text is longer than 2000 characters',
      'message_tag "PROMOTION" is not supported',
    ]);
    expect((await post('/fb/sending/sendContent', { ...content('1'), data: { version: 'v1', content: { messages: Array(11).fill(textMessage('x')) } } })).status).toBe(400);
  });

  it('registers subscribers while running and keeps each page to its own', async () => {
    const client = new ManyChatClient({ baseUrl: fake.baseUrl, apiKey: KEY });
    await expect(client.getSubscriber('3')).rejects.toMatchObject({ category: 'recipient' });
    fake.subscribers.register(PAGE, { id: '3', first_name: 'Lucía', last_name: 'Pérez', phone: '+5491155550303', customFields: { zona: 'Belgrano' } });
    expect(await client.getSubscriber('3')).toMatchObject({ name: 'Lucía Pérez', phone: '+5491155550303', custom_fields: [{ name: 'zona', value: 'Belgrano' }] });
    expect(fake.subscribers.get('other-page', '3')).toBeUndefined();
  });

  it('records every call with the page it acted for and the answer', async () => {
    await new ManyChatClient({ baseUrl: fake.baseUrl, apiKey: '2020:wrong' }).getPageInfo().catch(() => undefined);
    await new ManyChatClient({ baseUrl: fake.baseUrl, apiKey: KEY }).getPageInfo();
    expect(fake.calls()).toEqual([
      { method: 'GET', path: '/fb/page/getInfo', query: {}, body: undefined, status: 401, pageId: undefined },
      { method: 'GET', path: '/fb/page/getInfo', query: {}, body: undefined, status: 200, pageId: PAGE },
    ]);
  });

  describe('a flow External Request to Astor', () => {
    let astor: Server;
    let received: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }[];

    beforeEach(async () => {
      received = [];
      astor = createServer((req, res) => {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        req.on('end', () => {
          received.push({ method: req.method, url: req.url, headers: req.headers, body });
          res.setHeader('Content-Type', 'application/json').end(JSON.stringify({ reply: 'ok' }));
        });
      });
      await new Promise<void>((resolve) => astor.listen(0, '127.0.0.1', resolve));
    });
    afterEach(() => new Promise<void>((resolve) => astor.close(() => resolve())));

    it('posts the configured JSON and headers, filled with the subscriber, and no signature', async () => {
      fake.subscribers.register(PAGE, { id: '9', first_name: 'Ana', whatsapp_phone: '+5491155550909', customFields: { presupuesto: 95000 } });
      const url = `http://127.0.0.1:${(astor.address() as AddressInfo).port}/webhooks/manychat/tenant-token?sub={{subscriber_id}}`;
      const result = await fake.externalRequest(url, { headers: { 'X-Astor-Token': 'tok_123' }, body: { phone: '{{whatsapp_phone}}', name: '{{first_name}} {{last_name}}', budget: '{{presupuesto}}', tags: ['manychat'] } }, { pageId: PAGE, subscriberId: '9' });

      expect(result).toEqual({ status: 200, body: { reply: 'ok' } });
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ method: 'POST', url: '/webhooks/manychat/tenant-token?sub=9', headers: { 'x-astor-token': 'tok_123', 'content-type': 'application/json' } });
      expect(JSON.parse(received[0]!.body)).toEqual({ phone: '+5491155550909', name: 'Ana ', budget: '95000', tags: ['manychat'] });
      expect(Object.keys(received[0]!.headers).filter((name) => /signature/i.test(name))).toEqual([]);
    });

    it('refuses to run for a subscriber the page does not have', async () => {
      await expect(fake.externalRequest('http://127.0.0.1:9/', { body: {} }, { pageId: PAGE, subscriberId: 'nobody' })).rejects.toThrow(/has no subscriber nobody/);
    });
  });
});
