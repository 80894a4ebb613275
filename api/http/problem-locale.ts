import type { Request } from 'express';
import { z } from 'zod';
import type { ErrorCode, FieldError } from './errors';

export type ProblemLocale = 'en' | 'es';

/** The language of a request's problem details: Spanish when its Accept-Language prefers it, English otherwise. */
export function problemLocale(req: Request): ProblemLocale {
  return req.acceptsLanguages('en', 'es') === 'es' ? 'es' : 'en';
}

const spanishZod = z.locales.es().localeError;

/** Zod's own messages in the request's language; messages a schema sets itself are kept. */
export const zodErrorMap = (locale: ProblemLocale) => (locale === 'es' ? spanishZod : undefined);

const SPANISH_TITLES: Record<ErrorCode, string> = {
  validation_failed: 'La solicitud no es válida',
  malformed_json: 'El cuerpo de la solicitud no es JSON válido',
  unauthenticated: 'Hace falta iniciar sesión',
  forbidden: 'No permitido',
  not_found: 'No encontrado',
  conflict: 'Entra en conflicto con el estado actual',
  payload_too_large: 'El cuerpo de la solicitud es demasiado grande',
  unsupported_media_type: 'Tipo de contenido no admitido',
  unprocessable: 'La solicitud no se puede procesar',
  service_window_closed: 'Ahora solo se puede enviar una plantilla de WhatsApp aprobada',
  rate_limited: 'Demasiadas solicitudes',
  unavailable: 'Servicio no disponible',
  internal: 'Error interno',
};

/** The API's fixed English messages with their Spanish; anything else stays as written. */
const SPANISH_MESSAGES: Record<string, string> = {
  'Some fields are not valid': 'Algunos campos no son válidos',
  'is not a known field': 'no es un campo conocido',
  'is not a lead of this agency': 'no es un lead de esta inmobiliaria',
  'is not in this agency’s catalogue': 'no está en el catálogo de la inmobiliaria',
  'is already in use': 'ya está en uso',
  'send at least one field to change': 'enviá al menos un campo para cambiar',
  'is required the first time': 'es obligatorio la primera vez',
  'must not exceed budgetMax': 'no puede superar el presupuesto máximo',
  'must not exceed priceMax': 'no puede superar el precio máximo',
  'min must not exceed max': 'el mínimo no puede superar el máximo',
  'is in the past': 'está en el pasado',
  'send either text or template': 'enviá un texto o una plantilla',
  'names unknown properties': 'nombra propiedades que no existen',
  'names an unknown property': 'nombra una propiedad que no existe',
  'must match the URL': 'debe coincidir con la URL',
  'is required for a lead event': 'es obligatorio para un evento del lead',
  'is not an active user of this agency': 'no es un usuario activo de esta inmobiliaria',
  'is not a cursor this API issued': 'no es un cursor emitido por esta API',
  'give at least a phone, an e-mail or a DNI': 'indicá al menos un teléfono, un e-mail o un DNI',
  'belongs to another lead': 'pertenece a otro lead',
  'a weekly campaign needs its days of the week': 'una campaña semanal necesita sus días de la semana',
  'a monthly campaign needs its day of the month': 'una campaña mensual necesita su día del mes',
  'a rule needs a message to be enabled': 'una regla necesita un mensaje para activarse',
  'a BODY component with the text is required': 'hace falta un componente BODY con el texto',
  'Connect the WhatsApp Business API number before switching to it':
    'Conectá el número de la API de WhatsApp Business antes de pasar a usarlo',
  'Connect the WhatsApp Business API number, with its business account ID, in Settings first':
    'Primero conectá en Configuración el número de la API de WhatsApp Business, con el ID de su cuenta comercial',
  'Only a launched recurring campaign that is not paused can run now':
    'Solo una campaña recurrente lanzada y no pausada puede ejecutarse ahora',
  'Only a voice campaign has a voice note to hear':
    'Solo una campaña de voz tiene una nota de voz para escuchar',
  'The agency must keep at least one active owner':
    'La inmobiliaria debe conservar al menos un dueño activo',
  'The conversation is closed; it reopens when the contact writes again':
    'La conversación está cerrada; se reabre cuando el contacto vuelva a escribir',
  'The record is referenced by, or refers to, a record that does not allow this change':
    'El registro está vinculado a otro que no permite este cambio',
  'This WhatsApp number is already connected to another agency':
    'Este número de WhatsApp ya está conectado a otra inmobiliaria',
  'Unlink the WhatsApp Web session before removing the channel':
    'Desvinculá la sesión de WhatsApp Web antes de quitar el canal',
  'Connect the agency’s WhatsApp channel in Settings before launching a campaign':
    'Conectá el canal de WhatsApp de la inmobiliaria en Configuración antes de lanzar una campaña',
  'Some of the chosen properties are not in this agency’s catalogue':
    'Algunas de las propiedades elegidas no están en el catálogo de la inmobiliaria',
  'The assignee is not an active user of this agency':
    'La persona asignada no es un usuario activo de esta inmobiliaria',
  'The campaign would never run: its end has passed':
    'La campaña nunca se ejecutaría: su fecha de fin ya pasó',
  'The lead asked not to be contacted (opted out)': 'El lead pidió no ser contactado',
  'The lead has no phone number and no open ManyChat or UChat conversation to send a voice note to':
    'El lead no tiene teléfono ni una conversación abierta en ManyChat o UChat a la que enviar una nota de voz',
  'The lead has no phone number': 'El lead no tiene teléfono',
  'The property is not in this agency’s catalogue':
    'La propiedad no está en el catálogo de la inmobiliaria',
  'The scheduled time has passed': 'La hora programada ya pasó',
  'The API key is required the first time': 'La clave de API es obligatoria la primera vez',
  'The access token is required the first time':
    'El token de acceso es obligatorio la primera vez',
  'The access token is required to connect the number':
    'El token de acceso es obligatorio para conectar el número',
  'The cursor is not valid; start again without it':
    'El cursor no es válido; empezá de nuevo sin él',
  'The record does not exist': 'El registro no existe',
  'WhatsApp 24-hour rule: the lead last wrote more than 24 hours ago, so only an approved template may be sent (use a campaign with a template)':
    'Regla de 24 horas de WhatsApp: el lead escribió por última vez hace más de 24 horas, así que solo se puede enviar una plantilla aprobada (usá una campaña con plantilla)',
};

const translate = (locale: ProblemLocale, text: string) => (locale === 'es' ? (SPANISH_MESSAGES[text] ?? text) : text);

/** A problem's title, detail and field messages in the request's language, where the API has them. */
export function localizeProblem(locale: ProblemLocale, problem: { code: ErrorCode; title: string; detail: string; es?: string; fields?: FieldError[] }) {
  return {
    title: locale === 'es' ? SPANISH_TITLES[problem.code] : problem.title,
    detail: locale === 'es' && problem.es ? problem.es : translate(locale, problem.detail),
    fields: problem.fields?.map((field) => ({ ...field, message: translate(locale, field.message) })),
  };
}
