import { adminQuery } from '../../testing/harness';
import { callApi, type Stack } from './cluster-stack';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Calls `run` until it answers, through restarts of what it talks to (each failure waits a little), or until `capMs`. */
export async function persistently<T>(run: () => Promise<T>, capMs = 120_000, what = 'call'): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      return await run();
    } catch (error) {
      if (Date.now() - started > capMs) throw new Error(`${what} kept failing for ${capMs / 1000} s: ${error instanceof Error ? error.message : String(error)}`);
      await sleep(1_000);
    }
  }
}

/** Either API (the second first), so a call goes through while one of them is down. */
async function onAnyApi<T>(stack: Stack, method: 'GET' | 'POST', route: string, auth: string, body?: object): Promise<{ status: number; body: T }> {
  return persistently(async () => {
    let last: unknown;
    for (const index of [1, 0]) {
      try {
        const answer = await callApi<T>(stack, index, method, route, auth, body);
        if (answer.status < 500) return answer;
        last = new Error(`${method} ${route}: HTTP ${answer.status}`);
      } catch (error) {
        last = error;
      }
    }
    throw last;
  }, 180_000, `${method} ${route}`);
}

export interface Campaign {
  id: string;
  recipients: number;
}

/** A template campaign to every seeded lead, paced at `perSecond`, launched through API 2. */
export async function launchCampaign(stack: Stack, recipients: number, perSecond: number): Promise<Campaign> {
  const auth = stack.campaign.staff.admin.auth;
  const created = await callApi<{ id: string }>(stack, 1, 'POST', '/campaigns', auth, {
    name: 'Cluster kill matrix',
    type: 'OPORTUNIDADES',
    audience: { tags: ['cluster'] },
    content: { kind: 'template', name: 'oportunidad', language: 'es_AR', variables: ['{{lead.firstName|vecino}}'] },
    throttlePerSecond: perSecond,
  });
  if (created.status !== 201 && created.status !== 200) throw new Error(`creating the campaign answered ${created.status}: ${JSON.stringify(created.body)}`);
  const launched = await callApi(stack, 1, 'POST', `/campaigns/${created.body.id}/launch`, auth);
  if (launched.status !== 202) throw new Error(`launching the campaign answered ${launched.status}: ${JSON.stringify(launched.body)}`);
  return { id: created.body.id, recipients };
}

export async function campaignStatus(stack: Stack, campaign: Campaign): Promise<string> {
  const { body } = await onAnyApi<{ status: string }>(stack, 'GET', `/campaigns/${campaign.id}/progress`, stack.campaign.staff.admin.auth);
  return body.status;
}

/** Sends per recipient of the campaign's number, as the fake Graph API took them. */
export function campaignSends(stack: Stack): Map<string, number[]> {
  const sends = new Map<string, number[]>();
  for (const message of stack.graph.sent()) {
    if (message.phoneNumberId !== stack.campaign.number.phoneNumberId) continue;
    const list = sends.get(message.to) ?? [];
    list.push(message.at);
    sends.set(message.to, list);
  }
  return sends;
}

/** The longest stretch without a campaign send that began in [from, to) (epoch ms), while recipients were left to send. */
export function campaignPauseMs(stack: Stack, from: number, to: number): number {
  const times = [...campaignSends(stack).values()].flat().sort((a, b) => a - b);
  let longest = 0;
  for (let i = 1; i < times.length; i += 1) if (times[i - 1]! >= from && times[i - 1]! < to) longest = Math.max(longest, times[i]! - times[i - 1]!);
  return longest;
}

/** Recipients sent more than once whose second send came in [from, to) (epoch ms). */
export function campaignDuplicatesSince(stack: Stack, from: number, to: number): number {
  return [...campaignSends(stack).values()].filter((times) => times.length > 1 && times[1]! >= from && times[1]! < to).length;
}

export interface VoiceNote {
  index: number;
  /** When it was asked for (epoch ms). */
  askedAt: number;
  leadId: string;
  contact: string;
  text: string;
  workflowId: string;
}

/** A new lead of the voice agency and a voice note to them, asked for through an API, not awaited. */
export async function startVoiceNote(stack: Stack, index: number): Promise<VoiceNote> {
  const { admin, agent } = stack.voiceTenant.staff;
  const contact = `+54911677713${String(index).padStart(2, '0')}`;
  const lead = await onAnyApi<{ id: string }>(stack, 'POST', '/leads', admin.auth, { name: `Marta ${index}`, phone: contact });
  if (lead.status !== 201) throw new Error(`creating the voice lead answered ${lead.status}: ${JSON.stringify(lead.body)}`);
  const askedAt = Date.now();
  const text = `Hola Marta, te esperamos mañana a las ${10 + index} (nota ${index}, ${Date.now().toString(36)}).`;
  const sent = await onAnyApi<{ workflowId: string }>(stack, 'POST', `/leads/${lead.body.id}/voice-messages`, agent.auth, { text, purpose: 'VISIT_CONFIRMATION' });
  if (sent.status !== 202) throw new Error(`asking for the voice note answered ${sent.status}: ${JSON.stringify(sent.body)}`);
  return { index, askedAt, leadId: lead.body.id, contact, text, workflowId: sent.body.workflowId };
}

export interface VoiceOutcome {
  /** voice.delivered, voice.read, voice.failed…, one per event on the lead's timeline. */
  events: string[];
  audioSends: number;
  /** From asking for it to its (first) send reaching the fake Graph API. */
  sentAfterMs: number;
  generations: number;
  /** When no outcome came: the message, the statuses kept for it and what reached the API, as PostgreSQL and the fake have them. */
  diagnosis?: string;
}

async function diagnose(stack: Stack, note: VoiceNote): Promise<string> {
  const messages = await adminQuery<Record<string, unknown>>(
    `SELECT id, status::text AS status, "providerMessageId" AS pmid, "idempotencyKey" AS key, "sentAt", "deliveredAt", "readAt", "statusReceivedAt", "createdAt", "updatedAt"
     FROM "Message" WHERE "leadId" = $1`,
    [note.leadId],
  );
  const ids = messages.map((message) => message.pmid).filter((id): id is string => typeof id === 'string');
  const pending = await adminQuery<Record<string, unknown>>(`SELECT "providerMessageId" AS pmid, "update" ->> 'status' AS status, "receivedAt" FROM "PendingStatus" WHERE "providerMessageId" = ANY($1::text[])`, [ids]);
  const stored = await adminQuery<{ n: string }>(`SELECT count(*) AS n FROM "WebhookDelivery" WHERE ${ids.length ? ids.map((_, i) => `convert_from(body, 'UTF8') LIKE $${i + 1}`).join(' OR ') : 'false'}`, ids.map((id) => `%${id}%`));
  const sends = stack.graph.sentTo(note.contact).map((message) => ({ wamid: message.wamid, type: message.type, at: new Date(message.at).toISOString() }));
  return JSON.stringify({ messages, pendingStatuses: pending, webhookDeliveriesNamingIt: Number(stored[0]!.n), graphSends: sends, graphWebhooks: stack.graph.webhookStats() });
}

/** Waits for the voice note's outcome on the lead's timeline, then counts what reached the fakes. */
export async function voiceOutcome(stack: Stack, note: VoiceNote, capMs = 180_000): Promise<VoiceOutcome> {
  const deadline = Date.now() + capMs;
  let events: string[] = [];
  while (Date.now() < deadline) {
    events = await persistently(async () => (await adminQuery<{ type: string }>(`SELECT type FROM "Event" WHERE "leadId" = $1 AND type LIKE 'voice.%'`, [note.leadId])).map((row) => row.type));
    if (events.length) break;
    await sleep(1_000);
  }
  // A second event or send would come soon after the first: give it a moment.
  await sleep(3_000);
  events = await persistently(async () => (await adminQuery<{ type: string }>(`SELECT type FROM "Event" WHERE "leadId" = $1 AND type LIKE 'voice.%'`, [note.leadId])).map((row) => row.type));
  const audio = stack.graph.sentTo(note.contact).filter((message) => message.type === 'audio');
  const ok = events.length === 1 && /^voice\.(delivered|read)$/.test(events[0]!);
  return {
    ...(ok ? {} : { diagnosis: await persistently(() => diagnose(stack, note)) }),
    events,
    audioSends: audio.length,
    sentAfterMs: audio.length ? audio[0]!.at - note.askedAt : NaN,
    generations: stack.voice.generations().filter((generation) => generation.text === note.text).length,
  };
}
