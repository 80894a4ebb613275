import type { CustomFieldValue, ManyChatSubscriber } from '../client';
import type { ManyChatMessage } from '../content';

export type CustomFieldType = 'text' | 'number' | 'boolean' | 'date' | 'datetime';

export interface FakeSubscriberSeed {
  id: string;
  first_name?: string;
  last_name?: string;
  phone?: string;
  whatsapp_phone?: string;
  email?: string;
  tags?: string[];
  customFields?: Record<string, CustomFieldValue>;
}

/** A subscriber as the fake keeps it, with what Astor made ManyChat do to it. */
export interface FakeSubscriber extends Required<Omit<FakeSubscriberSeed, 'phone' | 'whatsapp_phone' | 'email'>> {
  phone?: string;
  whatsapp_phone?: string;
  email?: string;
  received: { messages: ManyChatMessage[]; messageTag?: string }[];
  flows: string[];
}

/** The subscribers of each page: ManyChat only lets a page's key reach that page's subscribers. */
export function subscriberDirectory() {
  const pages = new Map<string, Map<string, FakeSubscriber>>();
  return {
    register(pageId: string, seed: FakeSubscriberSeed): FakeSubscriber {
      const subscriber: FakeSubscriber = { first_name: '', last_name: '', ...seed, tags: [...(seed.tags ?? [])], customFields: { ...seed.customFields }, received: [], flows: [] };
      pages.set(pageId, (pages.get(pageId) ?? new Map<string, FakeSubscriber>()).set(seed.id, subscriber));
      return subscriber;
    },
    get(pageId: string, subscriberId: string): FakeSubscriber | undefined {
      return pages.get(pageId)?.get(subscriberId);
    },
  };
}

export type SubscriberDirectory = ReturnType<typeof subscriberDirectory>;

export function subscriberInfo(pageId: string, subscriber: FakeSubscriber, fieldTypes: Map<string, CustomFieldType>): ManyChatSubscriber {
  return {
    id: subscriber.id,
    page_id: pageId,
    name: `${subscriber.first_name} ${subscriber.last_name}`.trim(),
    first_name: subscriber.first_name,
    last_name: subscriber.last_name,
    phone: subscriber.phone ?? null,
    whatsapp_phone: subscriber.whatsapp_phone ?? null,
    email: subscriber.email ?? null,
    subscribed: '2026-01-05T12:00:00+00:00',
    last_interaction: null,
    tags: subscriber.tags.map((name, index) => ({ id: index + 1, name })),
    custom_fields: Object.entries(subscriber.customFields).map(([name, value], index) => ({ id: index + 1, name, type: fieldTypes.get(name) ?? 'text', value })),
  };
}

/**
 * The variables a flow can put into an External Request: the subscriber's system fields under
 * their getInfo names and its custom fields under their own names (ManyChat's variable picker may
 * label them differently: unconfirmed).
 */
export function subscriberVariables(subscriber: FakeSubscriber): Record<string, string> {
  const system = { subscriber_id: subscriber.id, first_name: subscriber.first_name, last_name: subscriber.last_name, phone: subscriber.phone, whatsapp_phone: subscriber.whatsapp_phone, email: subscriber.email };
  return Object.fromEntries(Object.entries({ ...system, ...subscriber.customFields }).map(([name, value]) => [name, value === undefined || value === null ? '' : String(value)]));
}
