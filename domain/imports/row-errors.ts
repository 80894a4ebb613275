import type { TenantSettings } from '../tenant-settings';

export type RowErrorCode =
  | 'required'
  | 'missing_contact'
  | 'invalid_phone'
  | 'invalid_email'
  | 'invalid_dni'
  | 'unknown_stage'
  | 'unknown_value'
  | 'unknown_currency'
  | 'not_a_number'
  | 'out_of_range'
  | 'budget_order'
  | 'too_long'
  | 'invalid_tag'
  | 'too_many'
  | 'invalid_url'
  | 'unstorable_text'
  | 'conflicting_duplicate';

/** Why one field of one row is refused: a stable English code for programs, a short Spanish message for people. */
export interface RowError {
  field: string;
  /** The file's header for that field, or null when no column is mapped to it. */
  column: string | null;
  code: RowErrorCode;
  message: string;
}

const COUNTRY_NAMES: Record<TenantSettings['defaultCountry'], string> = {
  AR: 'Argentina', CL: 'Chile', MX: 'México', UY: 'Uruguay', PY: 'Paraguay', BO: 'Bolivia', PE: 'Perú', CO: 'Colombia', EC: 'Ecuador', ES: 'España', US: 'Estados Unidos',
};

/** The cell as it is quoted back, short enough for a table of errors. */
export const quoted = (value: string) => `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;

export const rowMessages = {
  required: (what: string) => `Falta ${what}`,
  missingContact: () => 'Falta un teléfono, un e-mail o un DNI',
  invalidPhone: (value: string, country: TenantSettings['defaultCountry']) => `${quoted(value)} no es un teléfono válido de ${COUNTRY_NAMES[country]} (incluí el código de área)`,
  invalidEmail: (value: string) => `${quoted(value)} no es un e-mail válido`,
  invalidDni: (value: string) => `${quoted(value)} no es un documento válido (de 6 a 18 letras o números)`,
  unknownStage: (value: string, examples: string) => `${quoted(value)} no es una etapa conocida (por ejemplo: ${examples})`,
  unknownValue: (value: string, examples: string) => `${quoted(value)} no es un valor conocido (por ejemplo: ${examples})`,
  unknownCurrency: (value: string) => `${quoted(value)} no es una moneda conocida (por ejemplo: USD, ARS)`,
  notANumber: (value: string) => `${quoted(value)} no es un número`,
  outOfRange: (value: string) => `${quoted(value)} está fuera de lo permitido`,
  budgetOrder: () => 'El presupuesto mínimo supera al máximo',
  tooLong: (max: number) => `Tiene más de ${max.toLocaleString('es-AR')} caracteres`,
  invalidTag: (value: string) => `${quoted(value)} no es una etiqueta válida (solo letras, números, espacios, _ . -)`,
  tooMany: (max: number) => `Tiene más de ${max} elementos`,
  invalidUrl: (value: string) => `${quoted(value)} no es una dirección web (http o https)`,
  unstorableText: () => 'Tiene caracteres que no se pueden guardar (caracteres de control o texto dañado)',
  conflictingDuplicate: (first: number, second: number) => `Coincide con la fila ${first} y con la fila ${second}, que son registros distintos`,
};
