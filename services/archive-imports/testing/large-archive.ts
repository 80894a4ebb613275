import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { jsonl, manifestOf } from './archive-zip';

export const LEADS = 20_000;
export const MESSAGES = 200_000;

/** An agency of 20,000 leads, each with a conversation and ten messages, zipped to a file a stream at a time. */
export async function writeLargeArchive(file: string): Promise<void> {
  const agent = randomUUID();
  const leadId = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  const conversationId = (i: number) => `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`;
  const zip = new ZipFile();
  const addLines = (name: string, count: number, row: (i: number) => object) =>
    zip.addReadStreamLazy(name, {}, (callback) =>
      callback(
        null,
        Readable.from(
          (function* () {
            for (let i = 0; i < count; i += 1) yield `${JSON.stringify(row(i))}\n`;
          })(),
        ),
      ),
    );
  zip.addBuffer(Buffer.from(jsonl([{ id: agent, email: 'ana@example.com' }])), 'users.jsonl');
  addLines('leads.jsonl', LEADS, (i) => ({ id: leadId(i), phone: `+54911${String(70000000 + i)}`, assignedAgentId: agent, tags: ['inversor'] }));
  addLines('conversations.jsonl', LEADS, (i) => ({ id: conversationId(i), leadId: leadId(i), assigneeId: agent }));
  addLines('messages.jsonl', MESSAGES, (i) => ({ id: randomUUID(), leadId: leadId(i % LEADS), conversationId: conversationId(i % LEADS), providerMessageId: `wamid.HBgNNTQ5MTE3MDAwMDAwMRUCABIYFjNFQjA${i}`, body: `Hola, ¿sigue disponible el departamento de la publicación ${i}? ${'Quisiera coordinar una visita. '.repeat(12)}`, content: { sentById: agent } }));
  zip.addBuffer(Buffer.from(manifestOf({ 'users.jsonl': 1, 'leads.jsonl': LEADS, 'conversations.jsonl': LEADS, 'messages.jsonl': MESSAGES })), 'manifest.json');
  zip.end();
  await finished(zip.outputStream.pipe(createWriteStream(file)));
}
