import { InvalidPhoneError, normalizePhone, toWhatsAppRecipient } from './phone';

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

  it('makes the WhatsApp id and the typed form of one Argentine mobile equal', () => {
    expect(normalizePhone('5491123456789')).toBe(normalizePhone('11 15 2345 6789'));
  });

  it.each(['12345', 'abc', '', '+54 11 2345', "1' OR '1'='1", '+999 123456789', '<script>'])('rejects %p', (input) => {
    expect(() => normalizePhone(input)).toThrow(InvalidPhoneError);
  });

  it('writes WhatsApp recipients without the plus sign', () => {
    expect(toWhatsAppRecipient('+5491123456789')).toBe('5491123456789');
  });
});
