import { newPassword, passwordRefusal } from './password-policy';

describe('passwordRefusal', () => {
  it.each([
    ['', 'blank'],
    [' \t \u00a0         ', 'blank'],
    ['short pw', 'short'],
    ['x'.repeat(201), 'long'],
    ['1234567890', 'common'],
    ['Password123', 'common'],
    ['  QWERTYUIOP ', 'common'],
    ['Contraseña123', 'common'],
  ])('refuses %j as %s', (password, reason) => {
    expect(passwordRefusal(password)).toBe(reason);
  });

  it('counts characters, not UTF-16 units, and accepts a long uncommon passphrase', () => {
    expect(passwordRefusal('ñandú😀ñandú')).toBeUndefined();
    expect(passwordRefusal('😀😀😀😀😀')).toBe('short');
    expect(passwordRefusal('correct horse battery staple')).toBeUndefined();
  });

  it('gives the schema issue the message for the refusal', () => {
    const result = newPassword.safeParse('password1234');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('is too common: choose one that is harder to guess');
  });
});
