import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { silentLogger } from '../../testing/harness';
import { harnessValue } from '../../testing/harness-env';
import { createInboxPublisher } from './inbox-publisher';

describe('inbox publisher', () => {
  it('publishes every live event in order, folding those handed over while a publish runs into the next, and wakes the relay', async () => {
    const pool = new Pool({ connectionString: harnessValue('appUrl'), max: 1 });
    const listener = new Client({ connectionString: harnessValue('adminUrl') });
    await listener.connect();
    const heard: { channel: string; payload: string }[] = [];
    listener.on('notification', ({ channel, payload }) => heard.push({ channel, payload: payload ?? '' }));
    await listener.query('LISTEN astor_inbox; LISTEN astor_outbox');
    const marker = randomUUID();
    const event = (n: number) => `${JSON.stringify({ marker, n })}\n`;
    try {
      const publisher = createInboxPublisher(pool, silentLogger);
      publisher.publish({ inboxEvents: '', outbox: false });
      await publisher.idle();
      for (let n = 0; n < 5; n += 1) publisher.publish({ inboxEvents: event(n), outbox: n === 3 });
      await publisher.idle();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const ours = heard.filter(({ channel, payload }) => channel === 'astor_inbox' && payload.includes(marker)).map(({ payload }) => (JSON.parse(payload) as { n: number }).n);
      expect(ours).toEqual([0, 1, 2, 3, 4]);
      expect(heard.some(({ channel }) => channel === 'astor_outbox')).toBe(true);
    } finally {
      await listener.end();
      await pool.end();
    }
  });
});
