import { inboundBody, statusBody } from '../../integrations/whatsapp-cloud/testing/fake-webhooks';
import { signWebhookBody } from '../../integrations/whatsapp-cloud/webhook-signature';
import type { TestNumber } from '../../testing/whatsapp-harness';

/** The app secret the API (NODE_ENV=test) checks signatures with. */
export const APP_SECRET = 'astor-development-app-secret';
export const CONTACTS_PER_AGENCY = 100;
export const STATUS_SHARE = 0.7;
export const STATUS_STEPS = ['sent', 'delivered', 'read'] as const;
export type StatusStep = (typeof STATUS_STEPS)[number];

export interface Agency {
  index: number;
  tenantId: string;
  number: TestNumber;
}

/** A small seeded generator (mulberry32): the same traffic on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The contact's WhatsApp id (digits, as Meta sends it): an AR mobile, +54 9 11 60aa-cccc. */
export const contactWaId = (agency: number, contact: number) => `5491160${String(agency).padStart(2, '0')}${String(contact).padStart(4, '0')}`;

/** The seeded outbound messages: message j of an agency goes to contact j mod 100 and carries these ids. */
export const seededProviderId = (agency: number, j: number) => `wamid.seed.${agency}.${j}`;
export const seededCallbackData = (agency: number, j: number) => `seed:${agency}:${j}`;
export const seededContact = (j: number) => j % CONTACTS_PER_AGENCY;

/** Inbound ids of a run share a prefix, so the database checks find them with LIKE. */
export const inboundIdPrefix = (runKey: string) => `wamid.bench.${runKey}.`;

export interface SeededMessage {
  agency: number;
  j: number;
}

/** Seeded messages per agency a run walks for its statuses: three statuses each, plus the messages still open at the end. */
export function messagesPerAgencyFor(deliveries: number, agencies: number, window: number): number {
  const statuses = Math.ceil(deliveries * STATUS_SHARE);
  return Math.ceil((statuses / STATUS_STEPS.length + window) / agencies) + 2;
}

/** Every run's statuses walk seeded messages of their own: the seed holds them all. */
export function statusRanges(runs: { rate: number; seconds: number }[], agencies: number, window: number): { ranges: { from: number; perAgency: number }[]; perAgency: number } {
  let from = 0;
  const ranges = runs.map(({ rate, seconds }) => {
    const perAgency = messagesPerAgencyFor(rate * seconds, agencies, window);
    const range = { from, perAgency };
    from += perAgency;
    return range;
  });
  return { ranges, perAgency: from };
}

/**
 * Walks seeded messages sent → delivered → read. A window of messages is open at once and each
 * status goes to a random one of them, so a message's statuses are spread over the traffic; one in
 * ten gets two of its statuses swapped, as Meta does not guarantee their order.
 */
export class StatusWalk {
  private readonly open: { message: SeededMessage; order: StatusStep[]; next: number }[] = [];
  private taken = 0;

  constructor(
    private readonly agencies: number,
    private readonly range: { from: number; perAgency: number },
    private readonly window: number,
    private readonly random: () => number,
  ) {}

  next(): { message: SeededMessage; status: StatusStep } {
    while (this.open.length < this.window) this.open.push({ message: this.take(), order: this.order(), next: 0 });
    const slot = Math.floor(this.random() * this.open.length);
    const walk = this.open[slot]!;
    const status = walk.order[walk.next++]!;
    if (walk.next === walk.order.length) this.open.splice(slot, 1);
    return { message: walk.message, status };
  }

  private take(): SeededMessage {
    if (this.taken >= this.agencies * this.range.perAgency) throw new Error('StatusWalk: the run has used up its seeded messages');
    const index = this.taken++;
    return { agency: index % this.agencies, j: this.range.from + Math.floor(index / this.agencies) };
  }

  private order(): StatusStep[] {
    const roll = this.random();
    if (roll < 0.05) return ['delivered', 'sent', 'read'];
    if (roll < 0.1) return ['sent', 'read', 'delivered'];
    return [...STATUS_STEPS];
  }
}

export type PlannedDelivery =
  | { kind: 'inbound'; providerMessageId: string; agency: number; raw: string; signature: string }
  | { kind: 'status'; providerMessageId: string; agency: number; status: StatusStep; raw: string; signature: string };

/**
 * The traffic of one run: 70 % statuses of seeded messages, 30 % inbound messages from random
 * contacts. A contact's first message says hello (the bot greets), later ones ask the FAQ's
 * question (the bot answers), so the bot replies to every message and never hands off.
 */
export class TrafficPlan {
  private readonly random: () => number;
  private readonly statuses: StatusWalk;

  constructor(
    private readonly agencies: Agency[],
    private readonly runKey: string,
    statusRange: { from: number; perAgency: number },
    window: number,
    seed: number,
    private readonly contactsWritten: Set<string>,
  ) {
    this.random = seededRandom(seed);
    this.statuses = new StatusWalk(agencies.length, statusRange, window, seededRandom(seed ^ 0x5f3759df));
  }

  delivery(i: number): PlannedDelivery {
    return this.random() < STATUS_SHARE ? this.status() : this.inbound(i);
  }

  private inbound(i: number): PlannedDelivery {
    const agency = this.agencies[Math.floor(this.random() * this.agencies.length)]!;
    const from = contactWaId(agency.index, Math.floor(this.random() * CONTACTS_PER_AGENCY));
    const text = this.contactsWritten.has(from) ? `Hola, ¿cuál es el horario? (${i})` : 'Hola';
    this.contactsWritten.add(from);
    const providerMessageId = `${inboundIdPrefix(this.runKey)}${i}`;
    return { kind: 'inbound', providerMessageId, agency: agency.index, ...signed(inboundBody(agency.number, { from, name: `Contacto ${from.slice(-6)}`, id: providerMessageId, text })) };
  }

  private status(): PlannedDelivery {
    const { message, status } = this.statuses.next();
    const agency = this.agencies[message.agency]!;
    const providerMessageId = seededProviderId(message.agency, message.j);
    const body = statusBody(agency.number, { id: providerMessageId, status, recipient: contactWaId(message.agency, seededContact(message.j)), callbackData: seededCallbackData(message.agency, message.j) });
    return { kind: 'status', providerMessageId, agency: agency.index, status, ...signed(body) };
  }
}

function signed(body: unknown): { raw: string; signature: string } {
  const raw = JSON.stringify(body);
  return { raw, signature: signWebhookBody(raw, APP_SECRET) };
}
