import { ZodError } from 'zod';
import { parseWebhookDelivery } from './webhook-payload';

const metadata = { display_phone_number: '5491155550000', phone_number_id: 'pn-1' };
const delivery = (value: Record<string, unknown>, phoneNumberId = 'pn-1') => ({
  object: 'whatsapp_business_account',
  entry: [{ id: 'waba-1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { ...metadata, phone_number_id: phoneNumberId }, ...value } }] }],
});
const inbound = (message: Record<string, unknown>) =>
  delivery({ contacts: [{ profile: { name: 'Ana' }, wa_id: '5491155550101' }], messages: [{ from: '5491155550101', id: 'wamid.in-1', timestamp: '1764000000', ...message }] });

describe('WhatsApp webhook deliveries', () => {
  it.each([
    [{ type: 'text', text: { body: 'Hola' } }, { type: 'text', text: 'Hola' }],
    [{ type: 'image', image: { id: 'm1', mime_type: 'image/jpeg', sha256: 'abc', caption: 'Frente' } }, { type: 'image', text: 'Frente', media: { id: 'm1', mimeType: 'image/jpeg', caption: 'Frente' } }],
    [{ type: 'audio', audio: { id: 'm2', mime_type: 'audio/ogg; codecs=opus', voice: true } }, { type: 'audio', media: { id: 'm2', mimeType: 'audio/ogg; codecs=opus', voice: true } }],
    [{ type: 'video', video: { id: 'm4', mime_type: 'video/mp4' } }, { type: 'video', media: { id: 'm4', mimeType: 'video/mp4' } }],
    [{ type: 'document', document: { id: 'm3', mime_type: 'application/pdf', filename: 'plano.pdf' } }, { type: 'document', media: { id: 'm3', mimeType: 'application/pdf', filename: 'plano.pdf' } }],
    [
      { type: 'button', button: { payload: 'visit-yes', text: 'Sí, confirmo' }, context: { from: '5491155550000', id: 'wamid.tpl' } },
      { type: 'button', text: 'Sí, confirmo', reply: { id: 'visit-yes', title: 'Sí, confirmo' }, context: { messageId: 'wamid.tpl' } },
    ],
    [{ type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'si', title: 'Sí' } } }, { type: 'interactive', text: 'Sí', reply: { id: 'si', title: 'Sí' } }],
    [{ type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'p-2', title: 'Depto Palermo', description: '2 amb' } } }, { type: 'interactive', text: 'Depto Palermo', reply: { id: 'p-2', title: 'Depto Palermo' } }],
    [{ type: 'location', location: { latitude: -34.58, longitude: -58.42, name: 'Oficina', address: 'Thames 1234' } }, { type: 'location', location: { latitude: -34.58, longitude: -58.42, name: 'Oficina', address: 'Thames 1234' } }],
    [{ type: 'reaction', reaction: { emoji: '👍', message_id: 'wamid.x' } }, { type: 'reaction', reaction: { messageId: 'wamid.x', emoji: '👍' } }],
    [{ type: 'reaction', reaction: { message_id: 'wamid.x' } }, { type: 'reaction', reaction: { messageId: 'wamid.x', emoji: '' } }],
    [{ type: 'reaction', reaction: { message_id: 'wamid.x', emoji: '' } }, { type: 'reaction', reaction: { messageId: 'wamid.x', emoji: '' } }],
    [{ type: 'sticker', sticker: { id: 'st', mime_type: 'image/webp', sha256: 'h', animated: true } }, { type: 'sticker', media: { id: 'st', mimeType: 'image/webp', animated: true } }],
    [{ type: 'sticker', sticker: { id: 'st' } }, { type: 'sticker', media: { id: 'st', mimeType: 'image/webp' } }],
    [
      {
        type: 'interactive',
        interactive: { type: 'button_reply', button_reply: { id: 'visit-yes', title: 'Sí, voy' } },
        context: { from: '5491155550000', id: 'wamid.buttons' },
      },
      { type: 'interactive', text: 'Sí, voy', reply: { id: 'visit-yes', title: 'Sí, voy' }, context: { messageId: 'wamid.buttons' } },
    ],
    [{ type: 'text', text: { body: '¿Sigue disponible?' }, context: { from: '5491155550000', id: 'wamid.card' } }, { type: 'text', text: '¿Sigue disponible?', context: { messageId: 'wamid.card' } }],
    [{ type: 'text', text: { body: 'Mirá esto' }, context: { forwarded: true } }, { type: 'text', text: 'Mirá esto' }],
    [{ type: 'interactive', interactive: { type: 'nfm_reply', nfm_reply: { response_json: '{}' } } }, { type: 'unsupported' }],
    [{ type: 'unsupported', errors: [{ code: 131051, title: 'Message type unknown' }] }, { type: 'unsupported' }],
  ])('reads an inbound %j', (message, expected) => {
    const events = parseWebhookDelivery(inbound(message));
    expect(events).toEqual([
      {
        kind: 'message',
        phoneNumberId: 'pn-1',
        displayPhoneNumber: '5491155550000',
        from: '5491155550101',
        contactName: 'Ana',
        providerMessageId: 'wamid.in-1',
        timestamp: new Date(1_764_000_000_000),
        ...expected,
        raw: { from: '5491155550101', id: 'wamid.in-1', timestamp: '1764000000', ...message },
      },
    ]);
  });

  it('reads shared contact cards, making up a name from its parts and a phone from the WhatsApp id when Meta gives none', () => {
    const card = {
      addresses: [{ city: 'CABA', country: 'Argentina', country_code: 'AR', street: 'Thames 1234', type: 'WORK' }],
      birthday: '1985-03-12',
      emails: [{ email: 'marta@inmo.com.ar', type: 'WORK' }],
      name: { formatted_name: 'Marta Gómez', first_name: 'Marta', last_name: 'Gómez' },
      org: { company: 'Gómez Propiedades', department: 'Ventas', title: 'Martillera' },
      phones: [
        { phone: '+54 9 11 5555-0202', wa_id: '5491155550202', type: 'CELL' },
        { phone: '+54 11 4555-0202', type: 'WORK' },
      ],
      urls: [{ url: 'https://gomez.com.ar', type: 'WORK' }],
    };
    const bare = { name: { first_name: 'Luis', last_name: 'Pérez' }, phones: [{ wa_id: '5491155550303' }, { type: 'HOME' }] };
    const [event] = parseWebhookDelivery(inbound({ type: 'contacts', contacts: [card, bare] }));
    expect(event).toMatchObject({ type: 'contacts' });
    expect(event).not.toHaveProperty('text');
    expect(event).toHaveProperty('contacts', [
      {
        name: 'Marta Gómez',
        phones: [
          { phone: '+54 9 11 5555-0202', waId: '5491155550202', type: 'CELL' },
          { phone: '+54 11 4555-0202', type: 'WORK' },
        ],
        emails: ['marta@inmo.com.ar'],
        organization: 'Gómez Propiedades',
      },
      { name: 'Luis Pérez', phones: [{ phone: '+5491155550303', waId: '5491155550303' }] },
    ]);
  });

  it('reads the click-to-WhatsApp ad a first message came from, leaving its media links aside', () => {
    const referral = {
      source_url: 'https://fb.me/3cr4Wqqkq',
      source_id: '120211111111110585',
      source_type: 'ad',
      headline: 'Departamentos en Palermo',
      body: 'Dos ambientes a estrenar, con cochera',
      media_type: 'image',
      image_url: 'https://scontent.xx.fbcdn.net/v/t45.1600-4/foto.jpg',
      thumbnail_url: 'https://scontent.xx.fbcdn.net/v/t45.1600-4/mini.jpg',
      ctwa_clid: 'ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4XvnO2E4Nx0-eM-GABDLOPaOdRMv-_zfUQ2a',
    };
    const [event] = parseWebhookDelivery(inbound({ type: 'text', text: { body: 'Hola, quiero más info' }, referral }));
    expect(event).toMatchObject({ type: 'text', text: 'Hola, quiero más info' });
    expect(event).toHaveProperty('referral', {
      sourceUrl: 'https://fb.me/3cr4Wqqkq',
      sourceId: '120211111111110585',
      sourceType: 'ad',
      headline: 'Departamentos en Palermo',
      body: 'Dos ambientes a estrenar, con cochera',
      mediaType: 'image',
      ctwaClid: referral.ctwa_clid,
    });
    const [postReferral] = parseWebhookDelivery(inbound({ type: 'text', text: { body: 'Hola' }, referral: { source_type: 'post', source_id: 'p-1' } }));
    expect(postReferral).toHaveProperty('referral', { sourceType: 'post', sourceId: 'p-1' });
  });

  it('reads statuses, with their errors, Meta’s pricing and Astor’s echoed key', () => {
    const events = parseWebhookDelivery(
      delivery({
        statuses: [
          { id: 'wamid.1', status: 'sent', timestamp: '1764000001', recipient_id: '5491155550101', conversation: { id: 'c1', origin: { type: 'service' } }, pricing: { billable: false, pricing_model: 'PMP', category: 'service' } },
          {
            id: 'wamid.2',
            status: 'failed',
            timestamp: '1764000002',
            recipient_id: '5491155550101',
            biz_opaque_callback_data: 'reply:abc',
            errors: [{ code: 131047, title: 'Re-engagement message', message: 'Re-engagement message', error_data: { details: 'More than 24 hours have passed' }, href: 'https://developers.facebook.com/docs' }],
          },
        ],
      }),
    );
    expect(events).toEqual([
      { kind: 'status', phoneNumberId: 'pn-1', providerMessageId: 'wamid.1', status: 'sent', timestamp: new Date(1_764_000_001_000), recipientId: '5491155550101', pricing: { billable: false, category: 'service' } },
      {
        kind: 'status',
        phoneNumberId: 'pn-1',
        providerMessageId: 'wamid.2',
        status: 'failed',
        timestamp: new Date(1_764_000_002_000),
        recipientId: '5491155550101',
        callbackData: 'reply:abc',
        error: { code: 131047, title: 'Re-engagement message', message: 'Re-engagement message', details: 'More than 24 hours have passed' },
      },
    ]);
  });

  it('flattens batched deliveries of several numbers, keeping their order', () => {
    const a = delivery({
      contacts: [{ profile: { name: 'Ana' }, wa_id: '5491155550101' }, { profile: { name: 'Beto' }, wa_id: '5491155550102' }],
      messages: [
        { from: '5491155550101', id: 'wamid.a1', timestamp: '1764000000', type: 'text', text: { body: 'uno' } },
        { from: '5491155550102', id: 'wamid.a2', timestamp: '1764000001', type: 'text', text: { body: 'dos' } },
      ],
      statuses: [{ id: 'wamid.s1', status: 'read', timestamp: '1764000002', recipient_id: '5491155550101' }],
    });
    const b = delivery({ statuses: [{ id: 'wamid.s2', status: 'delivered', timestamp: '1764000003', recipient_id: '5491155550103' }] }, 'pn-2');
    const events = parseWebhookDelivery({ object: 'whatsapp_business_account', entry: [...a.entry, ...b.entry] });
    expect(events.map((event) => [event.kind, 'providerMessageId' in event ? event.providerMessageId : '', 'phoneNumberId' in event ? event.phoneNumberId : ''])).toEqual([
      ['message', 'wamid.a1', 'pn-1'],
      ['message', 'wamid.a2', 'pn-1'],
      ['status', 'wamid.s1', 'pn-1'],
      ['status', 'wamid.s2', 'pn-2'],
    ]);
    expect(events.slice(0, 2).map((event) => event.kind === 'message' && event.contactName)).toEqual(['Ana', 'Beto']);
  });

  it('reads lead ads from page webhooks and skips fields Astor does not handle', () => {
    const leadgen = {
      object: 'page',
      entry: [
        {
          id: 'page-1',
          time: 1764000000,
          changes: [
            { field: 'leadgen', value: { leadgen_id: 'lg-1', form_id: 'f-1', page_id: 'page-1', ad_id: 'ad-9', adgroup_id: 'ag-1', created_time: 1764000000 } },
            { field: 'feed', value: { item: 'status', verb: 'add' } },
          ],
        },
      ],
    };
    expect(parseWebhookDelivery(leadgen)).toEqual([{ kind: 'leadgen', leadgenId: 'lg-1', formId: 'f-1', pageId: 'page-1', adId: 'ad-9', createdTime: new Date(1_764_000_000_000) }]);
    const accountUpdate = { object: 'whatsapp_business_account', entry: [{ id: 'waba-1', changes: [{ field: 'account_update', value: { event: 'VERIFIED_ACCOUNT' } }] }] };
    expect(parseWebhookDelivery(accountUpdate)).toEqual([]);
  });

  it("reads template review outcomes with the business account they belong to", () => {
    const value = { event: 'REJECTED', message_template_id: 1480000000000001, message_template_name: 'bienvenida', message_template_language: 'es_AR', reason: 'INVALID_FORMAT' };
    const update = { object: 'whatsapp_business_account', entry: [{ id: 'waba-1', time: 1764000000, changes: [{ field: 'message_template_status_update', value }] }] };
    expect(parseWebhookDelivery(update)).toEqual([
      { kind: 'template_status', businessAccountId: 'waba-1', templateId: '1480000000000001', name: 'bienvenida', language: 'es_AR', event: 'REJECTED', reason: 'INVALID_FORMAT' },
    ]);
  });

  it.each([
    ['the business limit, read before the legacy one', { event: 'UPGRADE', old_limit: 'TIER_250', current_limit: 'TIER_250', max_daily_conversations_per_business: 'TIER_2K' }, { event: 'UPGRADE', tier: 'TIER_2K' }],
    ['a business limit given as a count of users', { event: 'DOWNGRADE', max_daily_conversations_per_business: 10000 }, { event: 'DOWNGRADE', tier: 'TIER_10K' }],
    ['the legacy limit alone', { event: 'ONBOARDING', current_limit: 'TIER_50' }, { event: 'ONBOARDING', tier: 'TIER_50' }],
    ['no messaging limit in a throughput upgrade', { event: 'THROUGHPUT_UPGRADE', current_limit: 'TIER_UNLIMITED' }, { event: 'THROUGHPUT_UPGRADE' }],
    ['a flag without a limit', { event: 'FLAGGED' }, { event: 'FLAGGED' }],
  ])('reads phone number quality updates: %s', (_label, value, expected) => {
    const update = { object: 'whatsapp_business_account', entry: [{ id: 'waba-1', time: 1764000000, changes: [{ field: 'phone_number_quality_update', value: { display_phone_number: '5491155550000', ...value } }] }] };
    expect(parseWebhookDelivery(update)).toEqual([{ kind: 'quality_update', businessAccountId: 'waba-1', displayPhoneNumber: '5491155550000', at: new Date(1_764_000_000_000), ...expected }]);
  });

  it.each([
    ['a non-delivery', { hello: 'world' }],
    ['another object', { object: 'instagram', entry: [] }],
    ['a messages change without metadata', { object: 'whatsapp_business_account', entry: [{ id: 'x', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp' } }] }] }],
    ['a text message without its text', inbound({ type: 'text' })],
    ['a reaction without its reaction', inbound({ type: 'reaction' })],
    ['a reaction to no message', inbound({ type: 'reaction', reaction: { emoji: '👍' } })],
    ['a sticker without its media id', inbound({ type: 'sticker', sticker: { mime_type: 'image/webp' } })],
    ['a contacts message without its cards', inbound({ type: 'contacts' })],
    ['a button reply without its reply', inbound({ type: 'interactive', interactive: { type: 'button_reply' } })],
    ['a sender that is not a WhatsApp id', { ...inbound({ type: 'text', text: { body: 'x' } }), entry: [{ id: 'w', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata, messages: [{ from: '+54 9 11', id: 'w1', timestamp: '1', type: 'text', text: { body: 'x' } }] } }] }] }],
    ['a timestamp that is not Unix seconds', inbound({ type: 'text', text: { body: 'x' }, timestamp: '2025-11-24T10:00:00Z' })],
    ['an unknown status', delivery({ statuses: [{ id: 'wamid.1', status: 'bounced', timestamp: '1', recipient_id: '1' }] })],
    ['a status error without a code', delivery({ statuses: [{ id: 'wamid.1', status: 'failed', timestamp: '1', recipient_id: '1', errors: [{ title: 'x' }] }] })],
    ['a template update without its language', { object: 'whatsapp_business_account', entry: [{ id: 'w', changes: [{ field: 'message_template_status_update', value: { event: 'APPROVED', message_template_id: 1, message_template_name: 'x' } }] }] }],
    ['a quality update without its event', { object: 'whatsapp_business_account', entry: [{ id: 'w', changes: [{ field: 'phone_number_quality_update', value: { display_phone_number: '1', current_limit: 'TIER_2K' } }] }] }],
    ['a lead without its form', { object: 'page', entry: [{ id: 'p', changes: [{ field: 'leadgen', value: { leadgen_id: 'lg', page_id: 'p', created_time: 1 } }] }] }],
  ])('rejects %s with a ZodError', (_label, body) => {
    expect(() => parseWebhookDelivery(body)).toThrow(ZodError);
  });
});
