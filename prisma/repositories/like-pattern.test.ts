import { containing, equalIgnoringCase, escapeLike } from './like-pattern';

describe('LIKE patterns from user text', () => {
  it.each([
    ['100%', '100\\%'],
    ['a_b', 'a\\_b'],
    ['C:\\dir', 'C:\\\\dir'],
    ['\\%_', '\\\\\\%\\_'],
    ['plain text', 'plain text'],
  ])('escapes %j as %j', (text, pattern) => {
    expect(escapeLike(text)).toBe(pattern);
  });

  it('builds the Prisma filters with the escaped text', () => {
    expect(containing('50%')).toEqual({ contains: '50\\%' });
    expect(containing('50%', { ignoringCase: true })).toEqual({ contains: '50\\%', mode: 'insensitive' });
    expect(equalIgnoringCase('a_b')).toEqual({ equals: 'a\\_b', mode: 'insensitive' });
  });
});
