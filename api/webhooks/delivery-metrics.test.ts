import { webhookOutcome } from './delivery-metrics';

describe('webhookOutcome', () => {
  it('reads each answer a webhook route gives as its delivery outcome', () => {
    expect([200, 204, 401, 403, 400, 404, 413, 415, 422, 503, 500].map(webhookOutcome)).toEqual([
      'accepted',
      'accepted',
      'invalid_signature',
      'invalid_signature',
      'invalid',
      'invalid',
      'invalid',
      'invalid',
      'invalid',
      'refused',
      'error',
    ]);
  });
});
