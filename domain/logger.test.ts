import { createLogger, redact } from './logger';

describe('logger', () => {
  it('masks values under secret-looking keys at any depth', () => {
    expect(redact({ accessToken: 'EAAG', nested: { apiKey: 'k', name: 'ok' }, headers: [{ authorization: 'Bearer x' }] })).toEqual({
      accessToken: '[redacted]',
      nested: { apiKey: '[redacted]', name: 'ok' },
      headers: [{ authorization: '[redacted]' }],
    });
  });

  it('writes one JSON line per entry and honours the level', () => {
    const lines: string[] = [];
    const logger = createLogger('api', 'info', (line) => lines.push(line));
    logger.debug('hidden');
    logger.info('visible', { password: 'p', tenantId: 't1' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ level: 'info', name: 'api', msg: 'visible', password: '[redacted]', tenantId: 't1' });
  });
});
