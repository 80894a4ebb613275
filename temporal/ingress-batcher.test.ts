import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { INGRESS_SHARDS, workflowIds } from '../domain/temporal-contracts';
import { connectTemporal } from '../testing/harness';
import type { IngressBatch } from '../workflows/webhook-ingress.contract';
import { ingressBatcher } from './ingress-batcher';

const inboundFrom = (contact: string, id: string): IngressBatch => ({
  inbound: [{ channel: 'WHATSAPP_CLOUD', message: { providerMessageId: id, contact, type: 'text', text: 'hola', sentAt: new Date().toISOString() } }],
});

/** The batches signalled to a tenant's ingress workflows (no worker runs them here). */
async function signalled(temporal: Client, tenantId: string): Promise<IngressBatch[]> {
  const batches: IngressBatch[] = [];
  for (let shard = 0; shard < INGRESS_SHARDS; shard += 1) {
    const handle = temporal.workflow.getHandle(workflowIds.webhookIngress(tenantId, shard));
    const history = await handle.fetchHistory().catch(() => undefined);
    for (const event of history?.events ?? []) {
      const payload = event.workflowExecutionSignaledEventAttributes?.input?.payloads?.[0]?.data;
      if (payload) batches.push(JSON.parse(Buffer.from(payload).toString('utf8')) as IngressBatch);
    }
    await handle.terminate('test over').catch(() => undefined);
  }
  return batches;
}

describe('the ingress batcher: many webhooks, few durable Temporal calls', () => {
  let temporal: Client;
  beforeAll(async () => {
    temporal = await connectTemporal();
  });
  afterAll(() => temporal.connection.close());

  it('gathers webhooks arriving while a signal is in flight into the next one, losing and reordering none', async () => {
    const tenantId = randomUUID();
    const batcher = ingressBatcher(temporal, `ingress-test-${randomUUID()}`);
    const contacts = Array.from({ length: 6 }, (_, i) => `+54911700000${i}`);
    await Promise.all(Array.from({ length: 120 }, (_, i) => batcher.send(tenantId, inboundFrom(contacts[i % contacts.length]!, `wamid.${i}`))));
    const batches = await signalled(temporal, tenantId);
    const ids = batches.flatMap((batch) => batch.inbound.map((item) => item.message.providerMessageId));
    expect(ids.sort()).toEqual(Array.from({ length: 120 }, (_, i) => `wamid.${i}`).sort());
    expect(batches.length).toBeLessThan(40);
    for (const contact of contacts) {
      const order = batches.flatMap((batch) => batch.inbound.filter((item) => item.message.contact === contact).map((item) => Number(item.message.providerMessageId.slice(6))));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
  });

  it('rejects the webhooks of a signal Temporal did not take, so the webhook answers 5xx and Meta retries', async () => {
    const closed = await connectTemporal();
    await closed.connection.close();
    await expect(ingressBatcher(closed, 'nowhere').send(randomUUID(), inboundFrom('+5491170000009', 'wamid.lost'))).rejects.toThrow();
  });
});
