import { parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';

export const SUPPORTED_DEFAULT_COUNTRIES = ['AR', 'CL', 'MX', 'UY', 'PY', 'BO', 'PE', 'CO', 'EC', 'ES', 'US'] as const;

export class InvalidPhoneError extends Error {
  constructor(readonly input: string) {
    super(`"${input}" is not a valid phone number`);
    this.name = 'InvalidPhoneError';
  }
}

/**
 * Country rules that make one person's number compare equal however it was written:
 * - AR: mobiles carry a 9 after +54 (WhatsApp ids do); "+54 11 …" written without it, or with the
 *   national "15", is the same mobile. Astor is a WhatsApp CRM, so AR numbers are kept in mobile form.
 * - MX: the "1" after +52 was dropped in 2019 but WhatsApp ids still carry it: +521… → +52….
 */
function canonical(number: PhoneNumber): string {
  const national = number.nationalNumber;
  if (number.countryCallingCode === '54' && national.length === 10) return `+549${national}`;
  return number.number;
}

const dropMexicanMobileOne = (international: string) => international.replace(/^\+521(\d{10})$/, '+52$1');

/**
 * One reading of the number in canonical form, if it is valid: a length the country allows is not
 * enough (+52 00 0000 0000 has one), its prefixes must be ones the country's numbering plan assigns.
 * The canonical form is checked too, since the mobile form of an AR number (a toll-free 0800 …) may not exist.
 */
function validCanonical(text: string, defaultCountry?: CountryCode): string | undefined {
  const parsed = parsePhoneNumberFromString(dropMexicanMobileOne(text), defaultCountry ? { defaultCountry } : undefined);
  if (!parsed?.isValid()) return undefined;
  const result = canonical(parsed);
  return parsePhoneNumberFromString(result)?.isValid() ? result : undefined;
}

/** Digits only and long enough to carry a country code, as WhatsApp ids are. */
const mayBeInternationalWithoutPlus = (text: string) => /^\d{11,15}$/.test(text);

function readNumber(text: string, defaultCountry: CountryCode): string | undefined {
  if (/^(\+|00)/.test(text)) return validCanonical(text.replace(/^00/, '+'));
  return validCanonical(text, defaultCountry) ?? (mayBeInternationalWithoutPlus(text) ? validCanonical(`+${text}`) : undefined);
}

/**
 * Normalises a phone number as people type it (or as WhatsApp sends it) to Astor's canonical E.164.
 * Throws InvalidPhoneError for anything that is not a valid number of its country.
 */
export function normalizePhone(input: string, defaultCountry: CountryCode = 'AR'): string {
  const text = input.trim().replace(/[\s().-]/g, '');
  const result = /^(\+|00)?\d{6,17}$/.test(text) ? readNumber(text, defaultCountry) : undefined;
  if (!result) throw new InvalidPhoneError(input);
  return result;
}

/** WhatsApp Cloud API ids and recipients are E.164 digits without the plus sign. */
export function toWhatsAppRecipient(e164: string): string {
  return e164.replace(/^\+/, '');
}

/**
 * A WhatsApp id names a real, reachable number even when it falls in a range this library's
 * metadata does not know yet: it is canonicalised like any phone when it can be, kept as it is otherwise.
 */
export function phoneOfWhatsAppId(waId: string): string {
  try {
    return normalizePhone(`+${waId}`);
  } catch (error) {
    if (!(error instanceof InvalidPhoneError) || !/^\d{6,17}$/.test(waId)) throw error;
    return dropMexicanMobileOne(`+${waId}`);
  }
}
