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

function parse(text: string, defaultCountry: CountryCode): PhoneNumber | undefined {
  const international = /^(\+|00)/.test(text);
  const cleaned = dropMexicanMobileOne(text.replace(/^00/, '+'));
  const parsed = parsePhoneNumberFromString(cleaned, international ? undefined : { defaultCountry });
  if (parsed?.isPossible()) return parsed;
  // Digits only and long enough to carry a country code, as WhatsApp ids are: try it as international.
  if (!international && /^\d{11,15}$/.test(text)) {
    const asInternational = parsePhoneNumberFromString(dropMexicanMobileOne(`+${text}`));
    if (asInternational?.isPossible()) return asInternational;
  }
  return undefined;
}

/** Normalises a phone number as people type it (or as WhatsApp sends it) to Astor's canonical E.164. */
export function normalizePhone(input: string, defaultCountry: CountryCode = 'AR'): string {
  const text = input.trim().replace(/[\s().-]/g, '');
  if (!/^(\+|00)?\d{6,17}$/.test(text)) throw new InvalidPhoneError(input);
  const parsed = parse(text, defaultCountry);
  if (!parsed) throw new InvalidPhoneError(input);
  const result = canonical(parsed);
  const check = parsePhoneNumberFromString(result);
  if (!check?.isPossible()) throw new InvalidPhoneError(input);
  return result;
}

/** WhatsApp Cloud API ids and recipients are E.164 digits without the plus sign. */
export function toWhatsAppRecipient(e164: string): string {
  return e164.replace(/^\+/, '');
}
