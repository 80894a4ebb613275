import { createHash, randomBytes } from 'node:crypto';

/** An error the fake answers, in the terms Graph uses. */
export interface GraphFailure {
  httpStatus: number;
  code: number;
  message?: string;
  details?: string;
  subcode?: number;
  retryAfterSeconds?: number;
}

export function graphErrorBody(failure: GraphFailure) {
  const fbtrace_id = `A${randomBytes(10).toString('base64url')}`;
  if (failure.code === 190) {
    return { error: { message: failure.message ?? 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190, fbtrace_id } };
  }
  const title = failure.message ?? 'Fake failure';
  return {
    error: {
      message: title.startsWith('(#') ? title : `(#${failure.code}) ${title}`,
      type: failure.subcode === 33 ? 'GraphMethodException' : 'OAuthException',
      code: failure.code,
      ...(failure.subcode !== undefined ? { error_subcode: failure.subcode } : {}),
      error_data: { messaging_product: 'whatsapp', details: failure.details ?? title },
      fbtrace_id,
    },
  };
}

/** A template the fake knows as approved; sends of others answer 132001 when templates are given. */
export interface FakeTemplate {
  name: string;
  language: string;
  bodyParameters?: number;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; failure: GraphFailure };

const MESSAGE_TYPES = ['audio', 'contacts', 'document', 'image', 'interactive', 'location', 'reaction', 'sticker', 'template', 'text', 'video'];
const MEDIA_TYPES = new Set(['audio', 'document', 'image', 'sticker', 'video']);
const SUPPORTED_UPLOADS = new Set([
  'audio/aac',
  'audio/amr',
  'audio/mpeg',
  'audio/mp4',
  'audio/ogg',
  'image/jpeg',
  'image/png',
  'image/webp',
  'video/mp4',
  'video/3gpp',
  'text/plain',
  'application/pdf',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
]);
const MAX_TEXT_LENGTH = 4096;
const MAX_BUTTONS = 3;
const MAX_LIST_ROWS = 10;

const fail = (code: number, message: string, details = message): Checked<never> => ({ ok: false, failure: { httpStatus: 400, code, message, details } });
const required = (parameter: string) => fail(100, `The parameter ${parameter} is required.`);
const invalidValue = (details: string) => fail(131009, 'Parameter value is not valid', details);
const ok = <T>(value: T): Checked<T> => ({ ok: true, value });

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;

function checkTemplate(template: Json, templates: FakeTemplate[] | undefined): Checked<null> {
  const language = isObject(template.language) ? template.language.code : undefined;
  if (!nonEmpty(template.name)) return required("template['name']");
  if (!nonEmpty(language)) return required("template['language']['code']");
  if (!templates) return ok(null);
  const known = templates.find((candidate) => candidate.name === template.name && candidate.language === language);
  if (!known) return fail(132001, 'Template name does not exist in the translation', `template name (${template.name}) does not exist in ${language}`);
  const components = Array.isArray(template.components) ? template.components.filter(isObject) : [];
  const body = components.find((component) => component.type === 'body');
  const given = Array.isArray(body?.parameters) ? body.parameters.length : 0;
  const expected = known.bodyParameters ?? 0;
  if (given !== expected) return fail(132000, 'Number of parameters does not match the expected number of params', `body: number of localizable_params (${given}) does not match the expected number of params (${expected})`);
  return ok(null);
}

function checkInteractive(interactive: Json): Checked<null> {
  const action = isObject(interactive.action) ? interactive.action : {};
  if (!isObject(interactive.body) || !nonEmpty(interactive.body.text)) return required("interactive['body']['text']");
  if (interactive.type === 'button') {
    const buttons = Array.isArray(action.buttons) ? action.buttons : [];
    if (buttons.length < 1 || buttons.length > MAX_BUTTONS) return invalidValue(`Buttons count is invalid: ${buttons.length} (between 1 and ${MAX_BUTTONS})`);
    const bad = buttons.find((button) => !isObject(button) || !isObject(button.reply) || !nonEmpty(button.reply.id) || !nonEmpty(button.reply.title) || button.reply.title.length > 20);
    return bad ? invalidValue('Each button needs a reply id and a title of at most 20 characters') : ok(null);
  }
  if (interactive.type === 'list') {
    const sections = Array.isArray(action.sections) ? action.sections.filter(isObject) : [];
    const rows = sections.reduce((count, section) => count + (Array.isArray(section.rows) ? section.rows.length : 0), 0);
    if (!nonEmpty(action.button)) return required("interactive['action']['button']");
    return rows < 1 || rows > MAX_LIST_ROWS ? invalidValue(`Total row count is invalid: ${rows} (between 1 and ${MAX_LIST_ROWS})`) : ok(null);
  }
  return fail(100, 'Invalid parameter', `Param interactive['type'] must be one of {BUTTON, LIST} - got "${String(interactive.type)}"`);
}

function checkContent(type: string, object: Json, templates: FakeTemplate[] | undefined): Checked<null> {
  if (type === 'text') {
    if (!nonEmpty(object.body)) return required("text['body']");
    return object.body.length > MAX_TEXT_LENGTH ? fail(100, 'Invalid parameter', `Param text['body'] must be at most ${MAX_TEXT_LENGTH} characters long.`) : ok(null);
  }
  if (MEDIA_TYPES.has(type)) return nonEmpty(object.id) === nonEmpty(object.link) ? fail(100, 'Invalid parameter', `Param ${type} must have exactly one of id or link`) : ok(null);
  if (type === 'template') return checkTemplate(object, templates);
  if (type === 'interactive') return checkInteractive(object);
  if (type === 'location' && (typeof object.latitude !== 'number' || typeof object.longitude !== 'number')) return required("location['latitude'] and location['longitude']");
  return ok(null);
}

/** A `messages` request checked as Graph checks it; `to` comes back as the digits Graph resolves. */
export function checkSendRequest(body: unknown, templates?: FakeTemplate[]): Checked<{ to: string; type: string }> {
  if (!isObject(body) || body.messaging_product === undefined) return required('messaging_product');
  if (body.messaging_product !== 'whatsapp') return fail(100, 'Invalid parameter', 'Param messaging_product must be one of {WHATSAPP}');
  if (body.to === undefined) return required('to');
  // Graph accepts the punctuation people write numbers with, then needs an international number.
  const to = typeof body.to === 'string' ? body.to.replace(/[\s+().-]/g, '') : '';
  if (!/^\d{7,15}$/.test(to)) return fail(100, 'Invalid parameter', `Param to must be a phone number in international format - got "${String(body.to)}"`);
  const type = body.type === undefined ? 'text' : String(body.type);
  if (!MESSAGE_TYPES.includes(type)) return fail(100, 'Invalid parameter', `Param type must be one of {${MESSAGE_TYPES.map((name) => name.toUpperCase()).join(', ')}} - got "${type}"`);
  const object = body[type];
  if (!isObject(object)) return required(type);
  const content = checkContent(type, object, templates);
  return content.ok ? ok({ to, type }) : content;
}

export interface Upload {
  mimeType: string;
  filename?: string;
  size: number;
  sha256: string;
  bytes: Buffer;
}

/** A `media` upload: multipart with `messaging_product`, `type` and `file`, read through the web platform's parser. */
export async function checkUpload(contentType: string | undefined, raw: Buffer): Promise<Checked<Upload>> {
  let form: FormData;
  try {
    form = await new Request('http://fake.invalid/media', { method: 'POST', headers: { 'content-type': contentType ?? '' }, body: raw }).formData();
  } catch {
    return required('file');
  }
  const file = form.get('file');
  const type = form.get('type');
  if (form.get('messaging_product') !== 'whatsapp') return required('messaging_product');
  if (!(file instanceof Blob)) return required('file');
  if (typeof type !== 'string' || !type) return required('type');
  const mimeType = type.split(';')[0]!.trim().toLowerCase();
  if (!SUPPORTED_UPLOADS.has(mimeType)) return fail(100, 'Invalid parameter', `Param file must be a file with one of the following types: ${[...SUPPORTED_UPLOADS].join(', ')}. Received file of type '${type}'.`);
  const bytes = Buffer.from(await file.arrayBuffer());
  return ok({ mimeType: type, filename: file instanceof File ? file.name : undefined, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), bytes });
}
