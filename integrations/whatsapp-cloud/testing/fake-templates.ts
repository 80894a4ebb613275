import type { Checked, FakeTemplate, GraphFailure } from './fake-validation';

export type FakeTemplateStatus = 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED';
export type FakeQuality = 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN';

type Json = Record<string, unknown>;

/** A template as the fake's business account holds it. */
export interface StoredTemplate {
  id: string;
  wabaId: string;
  name: string;
  language: string;
  category: string;
  components: Json[];
  status: FakeTemplateStatus;
  quality: FakeQuality;
  rejectedReason?: string;
}

const CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'];
const COMPONENT_TYPES = ['HEADER', 'BODY', 'FOOTER', 'BUTTONS'];
const DEFAULT_PAGE_SIZE = 25;
const MAX_PAGE_SIZE = 1000;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const invalid = (details: string, subcode?: number): Checked<never> => ({
  ok: false,
  failure: { httpStatus: 400, code: 100, message: 'Invalid parameter', details, ...(subcode !== undefined ? { subcode } : {}) },
});
const cursorOf = (index: number) => Buffer.from(`index:${index}`).toString('base64url');
const indexOfCursor = (cursor: string) => Number(/^index:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'))?.[1] ?? NaN);

/** Graph counts a body's parameters by its highest `{{n}}`. */
function bodyParameters(components: Json[]): number {
  const body = components.find((component) => String(component.type).toUpperCase() === 'BODY');
  const numbers = [...String(body?.text ?? '').matchAll(/\{\{(\d+)\}\}/g)].map((match) => Number(match[1]));
  return Math.max(0, ...numbers);
}

/** Meta's checks on a `message_templates` POST, with its wording where Astor's UI shows it. */
function checkDefinition(body: unknown): Checked<{ name: string; language: string; category: string; components: Json[] }> {
  if (!isObject(body)) return invalid('The request body must be a JSON object');
  const { name, language, category, components } = body;
  if (typeof name !== 'string' || !name) return invalid('The parameter name is required.');
  if (!/^[a-z0-9_]{1,512}$/.test(name)) return invalid('Template name can only contain lowercase alphanumeric characters and underscores ( _ )');
  if (typeof language !== 'string' || !/^[a-z]{2,3}(_[A-Z]{2})?$/.test(language)) return invalid(`Param language must be a supported language code - got "${String(language)}"`);
  if (typeof category !== 'string' || !CATEGORIES.includes(category)) return invalid(`Param category must be one of {${CATEGORIES.join(', ')}} - got "${String(category)}"`);
  if (!Array.isArray(components) || !components.every(isObject)) return invalid('The parameter components is required.');
  const unknownType = components.find((component) => !COMPONENT_TYPES.includes(String(component.type)));
  if (unknownType) return invalid(`Param components[].type must be one of {${COMPONENT_TYPES.join(', ')}} - got "${String(unknownType.type)}"`);
  const body_ = components.find((component) => component.type === 'BODY');
  if (!body_ || typeof body_.text !== 'string' || !body_.text.trim()) return invalid('Message template must have a BODY component with text');
  const count = bodyParameters(components);
  const examples = isObject(body_.example) && Array.isArray(body_.example.body_text) && Array.isArray(body_.example.body_text[0]) ? body_.example.body_text[0].length : 0;
  if (count > 0 && examples !== count) return invalid(`Message template body has ${count} variable(s) but ${examples} example value(s)`, 2388043);
  return { ok: true, value: { name, language, category, components } };
}

/** The templates of each business account the fake knows, with Meta's review statuses. */
export class FakeTemplateRegistry {
  private readonly templates: StoredTemplate[] = [];
  private lastId = 1_480_000_000_000_000;

  create(wabaId: string, body: unknown): Checked<StoredTemplate> {
    const checked = checkDefinition(body);
    if (!checked.ok) return checked;
    const { name, language } = checked.value;
    if (this.find(wabaId, name, language)) {
      return invalid(`There is already ${language} content for this template (${name}). You can create a new template and try again.`, 2388024);
    }
    this.lastId += 1;
    const template: StoredTemplate = { ...checked.value, id: String(this.lastId), wabaId, status: 'PENDING', quality: 'UNKNOWN' };
    this.templates.push(template);
    return { ok: true, value: template };
  }

  list(wabaId: string): StoredTemplate[] {
    return this.templates.filter((template) => template.wabaId === wabaId);
  }

  find(wabaId: string, name: string, language: string): StoredTemplate | undefined {
    return this.templates.find((template) => template.wabaId === wabaId && template.name === name && template.language === language);
  }

  /** Meta deletes every language of a name, or only the one with `hsm_id`; answers how many went. */
  delete(wabaId: string, name: string, id?: string): number {
    const doomed = this.list(wabaId).filter((template) => template.name === name && (!id || template.id === id));
    for (const template of doomed) this.templates.splice(this.templates.indexOf(template), 1);
    return doomed.length;
  }

  /** Approved templates of the account as the send check reads them. */
  approved(wabaId: string): FakeTemplate[] {
    return this.list(wabaId)
      .filter((template) => template.status === 'APPROVED')
      .map((template) => ({ name: template.name, language: template.language, bodyParameters: bodyParameters(template.components) }));
  }

  reset(): void {
    this.templates.length = 0;
  }
}

/** One page of `GET /{waba-id}/message_templates`, with Graph's opaque cursors and `next` link. */
export function templatePage(templates: StoredTemplate[], query: { fields?: unknown; limit?: unknown; after?: unknown; status?: unknown }, pageUrl: string): Checked<Json> {
  const limit = query.limit === undefined ? DEFAULT_PAGE_SIZE : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) return invalid(`Param limit must be an integer between 1 and ${MAX_PAGE_SIZE}`);
  const start = typeof query.after === 'string' ? indexOfCursor(query.after) + 1 : 0;
  if (Number.isNaN(start)) return invalid('Param after must be a cursor returned by a previous page');
  const fields = typeof query.fields === 'string' ? query.fields.split(',') : ['name', 'language', 'status', 'category'];
  const filtered = typeof query.status === 'string' ? templates.filter((template) => template.status === query.status) : templates;
  const slice = filtered.slice(start, start + limit);
  const shape = (template: StoredTemplate): Json => {
    const all: Json = {
      name: template.name,
      language: template.language,
      status: template.status,
      category: template.category,
      components: template.components,
      quality_score: { score: template.quality, date: Math.floor(Date.now() / 1000) },
      ...(template.rejectedReason ? { rejected_reason: template.rejectedReason } : {}),
    };
    return { ...Object.fromEntries(Object.entries(all).filter(([field]) => fields.includes(field))), id: template.id };
  };
  const last = start + slice.length - 1;
  const next = last + 1 < filtered.length ? `${pageUrl}?${new URLSearchParams({ ...(typeof query.fields === 'string' ? { fields: query.fields } : {}), limit: String(limit), after: cursorOf(last) })}` : undefined;
  return {
    ok: true,
    value: { data: slice.map(shape), paging: slice.length ? { cursors: { before: cursorOf(start), after: cursorOf(last) }, ...(next ? { next } : {}) } : { cursors: {} } },
  };
}

export const templateNotFound = (name: string): GraphFailure => ({ httpStatus: 400, code: 100, message: 'Invalid parameter', details: `Message template "${name}" was not found`, subcode: 2593002 });
