import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { startFakeWhatsAppCloud, type FakeWhatsAppOptions } from '../../integrations/whatsapp-cloud/testing/fake-server';

/** What a bench reads from the Graph API it sends to: each accepted send's arrival time, and the sends per recipient. */
export interface GraphSends {
  baseUrl: string;
  reset(): Promise<void>;
  sent(): Promise<{ at: number }[]>;
  countByRecipient(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

type Request = { id: number; method: 'reset' | 'sent' | 'countByRecipient' | 'stop' };

/**
 * The fake Graph API on a thread of its own, as Meta is a system of its own: arrival times are taken
 * on an event loop that nothing else blocks. In the bench's main thread, the API and its polling
 * delayed arrivals by up to 80 ms and showed sends arriving in bursts the sender never made.
 */
export async function startFakeGraphThread(options: FakeWhatsAppOptions): Promise<GraphSends> {
  // The thread loads this TypeScript file through tsx, as the bench itself is loaded.
  const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(__filename)});`, { eval: true, workerData: options });
  const answers = new Map<number, (value: unknown) => void>();
  let next = 0;
  const baseUrl = await new Promise<string>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (message: { baseUrl: string }) => resolve(message.baseUrl));
  });
  worker.on('message', (message: { id: number; value: unknown }) => answers.get(message.id)?.(message.value));
  const call = <T>(method: Request['method']) =>
    new Promise<T>((resolve) => {
      const id = (next += 1);
      answers.set(id, (value) => {
        answers.delete(id);
        resolve(value as T);
      });
      worker.postMessage({ id, method } satisfies Request);
    });
  return {
    baseUrl,
    reset: () => call('reset'),
    sent: () => call('sent'),
    countByRecipient: () => call('countByRecipient'),
    stop: async () => {
      await call('stop');
      await worker.terminate();
    },
  };
}

async function serve(): Promise<void> {
  const fake = await startFakeWhatsAppCloud(workerData as FakeWhatsAppOptions);
  const port = parentPort!;
  port.on('message', async ({ id, method }: Request) => {
    if (method === 'reset') fake.reset();
    if (method === 'stop') await fake.stop();
    const value = method === 'sent' ? fake.sent().map(({ at }) => ({ at })) : method === 'countByRecipient' ? fake.countByRecipient() : undefined;
    port.postMessage({ id, value });
  });
  port.postMessage({ baseUrl: fake.baseUrl });
}

if (!isMainThread) void serve();
