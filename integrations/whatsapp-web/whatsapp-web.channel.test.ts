import { ProviderError } from '../provider-error';
import { toBridgeRequest } from './whatsapp-web.channel';

describe('Astor content as WhatsApp Web bridge requests', () => {
  it('sends text to the digits of the number, with our key as the reference', () => {
    expect(toBridgeRequest('+5491155550000', { kind: 'text', body: 'Hola' }, 'key-1')).toEqual({ to: '5491155550000', reference: 'key-1', text: { body: 'Hola' } });
  });

  it('turns buttons, which WhatsApp Web lacks, into numbered options', () => {
    const request = toBridgeRequest('+5491155550000', { kind: 'buttons', body: '¿Qué buscás?', buttons: [{ id: 'buy', title: 'Comprar' }, { id: 'rent', title: 'Alquilar' }] }, 'key-2');
    expect(request.text?.body).toBe('¿Qué buscás?\n\n1. Comprar\n2. Alquilar');
  });

  it('sends media by uploaded id or by link, keeping caption and file name', () => {
    expect(toBridgeRequest('+5491155550000', { kind: 'media', mediaKind: 'document', link: 'https://example.com/ficha.pdf', caption: 'Ficha', filename: 'ficha.pdf' }, 'k').media).toEqual({ kind: 'document', url: 'https://example.com/ficha.pdf', caption: 'Ficha', filename: 'ficha.pdf' });
    expect(toBridgeRequest('+5491155550000', { kind: 'media', mediaKind: 'audio', mediaId: 'media-1' }, 'k').media).toEqual({ kind: 'audio', mediaId: 'media-1' });
  });

  it('refuses, without retrying, what the bridge cannot send: templates and media without a source', () => {
    const refusal = (call: () => unknown) => {
      try {
        call();
      } catch (error) {
        return error as ProviderError;
      }
      throw new Error('expected a refusal');
    };
    expect(refusal(() => toBridgeRequest('+5491155550000', { kind: 'template', name: 'bienvenida', language: 'es_AR' }, 'k'))).toMatchObject({ category: 'template', retryable: false });
    expect(refusal(() => toBridgeRequest('+5491155550000', { kind: 'media', mediaKind: 'image' }, 'k'))).toMatchObject({ category: 'invalid_request', retryable: false });
  });
});
