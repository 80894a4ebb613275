import { createLogger, redact } from './logger';
import { requestContext } from './request-context';

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

  it('writes the request id of the request it logs in, and no trace id while tracing is off', async () => {
    const lines: string[] = [];
    const logger = createLogger('api', 'info', (line) => lines.push(line));
    await requestContext.run({ requestId: 'req-0001-abcd' }, async () => {
      await Promise.resolve();
      logger.info('inside');
    });
    logger.info('outside');
    const [inside, outside] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(inside).toMatchObject({ msg: 'inside', requestId: 'req-0001-abcd' });
    expect(inside).not.toHaveProperty('traceId');
    expect(outside).not.toHaveProperty('requestId');
  });
});
