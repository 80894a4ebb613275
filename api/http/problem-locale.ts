import type { Request } from 'express';
import { z } from 'zod';
import type { ErrorCode, FieldError } from '../../domain/app-error';

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

/** The field messages the API's schemas and checks write, with their Spanish; anything else stays as written. */
const SPANISH_FIELD_MESSAGES: Record<string, string> = {
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
  'must not be only spaces': 'no puede tener solo espacios',
  'must have at least 10 characters': 'debe tener al menos 10 caracteres',
  'must have at most 200 characters': 'debe tener como máximo 200 caracteres',
  'is too common: choose one that is harder to guess': 'es demasiado común: elegí una más difícil de adivinar',
};

/** A problem's title, detail (its `es` rendition) and field messages in the request's language, where the API has them. */
export function localizeProblem(locale: ProblemLocale, problem: { code: ErrorCode; title: string; detail: string; es?: string; fields?: FieldError[] }) {
  return {
    title: locale === 'es' ? SPANISH_TITLES[problem.code] : problem.title,
    detail: locale === 'es' && problem.es ? problem.es : problem.detail,
    fields: locale === 'es' ? problem.fields?.map((field) => ({ ...field, message: SPANISH_FIELD_MESSAGES[field.message] ?? field.message })) : problem.fields,
  };
}
