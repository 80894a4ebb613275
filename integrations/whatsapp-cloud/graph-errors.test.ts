import { categoryOfGraphError, providerErrorFromGraph, providerErrorFromStatusError } from './graph-errors';

describe('Graph errors as ProviderError', () => {
  it.each([
    [190, 401, 'auth'],
    [4, 400, 'rate_limit'],
    [80007, 400, 'rate_limit'],
    [130429, 400, 'rate_limit'],
    [131048, 400, 'rate_limit'],
    [131056, 400, 'recipient_rate_limit'],
    [131049, 400, 'declined'],
    [131047, 400, 'reengagement'],
    [131026, 400, 'recipient'],
    [131030, 400, 'recipient'],
    [132000, 400, 'template'],
    [132001, 400, 'template'],
    [132015, 400, 'template_paused'],
    [132016, 400, 'template_paused'],
    [131057, 400, 'temporary'],
    [131000, 400, 'temporary'],
    [1, 400, 'temporary'],
    [2, 503, 'temporary'],
    [131026, 500, 'temporary'],
    [131009, 400, 'invalid_request'],
    [100, 400, 'invalid_request'],
    [undefined, 401, 'auth'],
    [undefined, 429, 'rate_limit'],
    [undefined, 404, 'invalid_request'],
    [undefined, 502, 'temporary'],
  ])('code %s with HTTP %s is %s', (code, httpStatus, category) => {
    expect(categoryOfGraphError({ code }, httpStatus)).toBe(category);
  });

  it('tells an unusable recipient and an unknown object apart from other invalid parameters', () => {
    expect(categoryOfGraphError({ code: 100, text: '(#100) Invalid parameter Param to must be a phone number in international format' }, 400)).toBe('recipient');
    expect(categoryOfGraphError({ code: 100, text: "(#100) The parameter 'to' is required." }, 400)).toBe('recipient');
    expect(categoryOfGraphError({ code: 100, text: "(#100) Param text['body'] must be at most 4096 characters long, not to exceed" }, 400)).toBe('invalid_request');
    expect(categoryOfGraphError({ code: 100, text: 'Param recipient_type must be one of {INDIVIDUAL}' }, 400)).toBe('invalid_request');
    expect(categoryOfGraphError({ code: 100, subcode: 33 }, 400)).toBe('not_found');
  });

  it('keeps the code as a string, the HTTP status, the details and Retry-After', () => {
    const error = providerErrorFromGraph(
      400,
      { error: { message: '(#130429) Rate limit hit', type: 'OAuthException', code: 130429, error_data: { details: 'Too many messages' }, fbtrace_id: 'Axyz' } },
      '12',
    );
    expect(error).toMatchObject({ provider: 'whatsapp_cloud', category: 'rate_limit', retryable: true, details: { code: '130429', httpStatus: 400, retryAfterSeconds: 12 } });
    expect(error.message).toBe('whatsapp_cloud: (#130429) Rate limit hit (Too many messages)');
    const at = new Date(Date.now() + 30_000).toUTCString();
    expect(providerErrorFromGraph(429, {}, at).details.retryAfterSeconds).toBeGreaterThanOrEqual(29);
    expect(providerErrorFromGraph(503, {}, null)).toMatchObject({ category: 'temporary', message: 'whatsapp_cloud: HTTP 503', details: { httpStatus: 503 } });
    expect(providerErrorFromGraph(503, {}, null).details).not.toHaveProperty('code');
  });

  it('maps failed statuses from webhooks to the same categories', () => {
    const reengagement = providerErrorFromStatusError({ code: 131047, title: 'Re-engagement message', message: 'Re-engagement message', error_data: { details: 'More than 24 hours have passed since the recipient last replied' } });
    expect(reengagement).toMatchObject({ category: 'reengagement', retryable: false, details: { code: '131047' } });
    expect(reengagement.message).toContain('More than 24 hours');
    expect(providerErrorFromStatusError({ code: 131026, title: 'Message undeliverable' })).toMatchObject({ category: 'recipient', retryable: false });
    expect(providerErrorFromStatusError({ code: 131000, title: 'Something went wrong' })).toMatchObject({ category: 'temporary', retryable: true });
    expect(providerErrorFromStatusError({ code: 132001, title: 'Template does not exist' })).toMatchObject({ category: 'template' });
  });
});
