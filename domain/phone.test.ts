import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { InvalidPhoneError, normalizePhone, phoneOfWhatsAppId, toWhatsAppRecipient } from './phone';

describe('normalizePhone', () => {
  it.each([
    ['011 15 2345-6789', 'AR', '+5491123456789'],
    ['+54 11 2345 6789', 'AR', '+5491123456789'],
    ['+54 9 11 2345-6789', 'AR', '+5491123456789'],
    ['5491123456789', 'AR', '+5491123456789'],
    ['0351 15 412 3456', 'AR', '+5493514123456'],
    ['+52 1 55 1234 5678', 'AR', '+525512345678'],
    ['5215512345678', 'AR', '+525512345678'],
    ['55 1234 5678', 'MX', '+525512345678'],
    ['+56 9 8765 4321', 'AR', '+56987654321'],
    ['9 8765 4321', 'CL', '+56987654321'],
    ['0056 9 8765 4321', 'AR', '+56987654321'],
    ['+1 (415) 555-2671', 'AR', '+14155552671'],
  ] as const)('normalises %s (default %s) to %s', (input, country, expected) => {
    expect(normalizePhone(input, country)).toBe(expected);
  });

  it.each([
    ['+54 9 11 0000 0000', 'AR', '+5491100000000'],
    ['33 1234 5678', 'MX', '+523312345678'],
    ['+52 33 1234 5678', 'AR', '+523312345678'],
    ['2 2123 4567', 'CL', '+56221234567'],
    ['+56 2 2123 4567', 'AR', '+56221234567'],
    ['300 123 4567', 'CO', '+573001234567'],
    ['601 234 5678', 'CO', '+576012345678'],
    ['573001234567', 'AR', '+573001234567'],
  ] as const)('keeps accepting the valid number %s (default %s) as %s', (input, country, expected) => {
    expect(normalizePhone(input, country)).toBe(expected);
  });

  it('reads a WhatsApp id as international when it is no valid number of the default country', () => {
    expect(normalizePhone('56987654321', 'AR')).toBe('+56987654321');
  });

  it('makes the WhatsApp id and the typed form of one Argentine mobile equal', () => {
    expect(normalizePhone('5491123456789')).toBe(normalizePhone('11 15 2345 6789'));
  });

  it.each(['12345', 'abc', '', '+54 11 2345', "1' OR '1'='1", '+999 123456789', '<script>'])('rejects %p', (input) => {
    expect(() => normalizePhone(input)).toThrow(InvalidPhoneError);
  });

  it.each([
    ['+54 9 600 123 4567', 'AR'],
    ['+54 9 2 000 0000 00', 'AR'],
    ['+52 00 0000 0000', 'AR'],
    ['10 0000 0000', 'MX'],
    ['+56 9 0000 0000', 'AR'],
    ['9 0000 0000', 'CL'],
    ['+57 100 000 0000', 'AR'],
    ['100 000 0000', 'CO'],
  ] as const)('rejects %s (default %s), of a possible length but not a valid number', (input, country) => {
    expect(parsePhoneNumberFromString(input, country)?.isPossible()).toBe(true);
    expect(() => normalizePhone(input, country)).toThrow(InvalidPhoneError);
  });

  it('rejects an Argentine number whose mobile form does not exist, such as a toll-free 0800', () => {
    expect(() => normalizePhone('0800 123 4567', 'AR')).toThrow(InvalidPhoneError);
  });

  it('writes WhatsApp recipients without the plus sign', () => {
    expect(toWhatsAppRecipient('+5491123456789')).toBe('5491123456789');
  });
});

describe('phoneOfWhatsAppId', () => {
  it('canonicalises a WhatsApp id like a typed phone', () => {
    expect(phoneOfWhatsAppId('5491123456789')).toBe('+5491123456789');
    expect(phoneOfWhatsAppId('5215512345678')).toBe('+525512345678');
  });

  it('keeps an id the numbering metadata does not know instead of dropping the message', () => {
    expect(() => normalizePhone('+520000000000')).toThrow(InvalidPhoneError);
    expect(phoneOfWhatsAppId('520000000000')).toBe('+520000000000');
  });

  it('refuses what cannot be a WhatsApp id', () => {
    expect(() => phoneOfWhatsAppId('12ab')).toThrow(InvalidPhoneError);
  });
});
