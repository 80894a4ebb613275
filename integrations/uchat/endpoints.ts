/**
 * Every UChat path, method, field name and answer shape Astor relies on, in this one module.
 *
 * UChat documents its endpoint families (`/flow/...` for the bot, `/subscriber/...` for a contact)
 * but the exact paths, methods and bodies below are UNCONFIRMED: they follow what deployments of
 * the same API (UChat and its white-label partners) are seen to use. The client builds its
 * requests from this table and the loopback fake routes and reads requests from it, so a
 * correction made here reaches both.
 */
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** An endpoint and the wire name of each argument: query parameters for GET, JSON body fields otherwise. */
export interface Endpoint<Args extends object> {
  method: Method;
  path: string;
  wire: { readonly [Name in keyof Args]-?: string };
}

export type UserFieldValue = string | number | boolean | null;

const route = <Args extends object>(method: Method, path: string, wire: Endpoint<Args>['wire']): Endpoint<Args> => ({ method, path, wire });

export const UCHAT_ENDPOINTS = {
  sendText: route<{ userNs: string; text: string }>('POST', '/subscriber/send-text', { userNs: 'user_ns', text: 'content' }),
  sendSubFlow: route<{ userNs: string; subFlowNs: string }>('POST', '/subscriber/send-sub-flow', { userNs: 'user_ns', subFlowNs: 'sub_flow_ns' }),
  addTag: route<{ userNs: string; tagName: string }>('POST', '/subscriber/add-tag-by-name', { userNs: 'user_ns', tagName: 'tag_name' }),
  removeTag: route<{ userNs: string; tagName: string }>('DELETE', '/subscriber/remove-tag-by-name', { userNs: 'user_ns', tagName: 'tag_name' }),
  setUserField: route<{ userNs: string; fieldName: string; value: UserFieldValue }>('PUT', '/subscriber/set-user-field-by-name', { userNs: 'user_ns', fieldName: 'field_name', value: 'value' }),
  getSubscriber: route<{ userNs: string }>('GET', '/subscriber/get-info', { userNs: 'user_ns' }),
  /** The cheapest authenticated read: subscriber counts by conversation status. */
  botUsersCount: route<Record<string, never>>('GET', '/flow/bot-users-count', {}),
};

export function toWire<Args extends object>(endpoint: Endpoint<Args>, args: Args): Record<string, unknown> {
  return Object.fromEntries(Object.entries(endpoint.wire).map(([name, wireName]) => [wireName, args[name as keyof Args]]));
}

/** The arguments of a request as the fake reads them back; missing ones stay undefined. */
export function fromWire<Args extends object>(endpoint: Endpoint<Args>, fields: Record<string, unknown>): { [Name in keyof Args]?: unknown } {
  return Object.fromEntries(Object.entries(endpoint.wire).map(([name, wireName]) => [name, fields[wireName as string]])) as { [Name in keyof Args]?: unknown };
}

/** Success answers carry `status: "ok"`; failures `status: "error"` or Laravel's `{message, errors}` (unconfirmed). */
export interface UChatEnvelope<T> {
  status?: string;
  data?: T;
  message?: string;
  errors?: Record<string, string[]>;
}

export interface UChatSubscriber {
  user_ns: string;
  user_id?: string;
  name: string;
  first_name?: string;
  last_name?: string;
  phone?: string | null;
  email?: string | null;
  channel?: string;
  tags: { tag_ns: string; name: string }[];
  user_fields: { var_ns: string; name: string; type: string; value: UserFieldValue }[];
}

export type BotUsersCount = { status: string; num: number }[];
