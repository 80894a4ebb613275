import { normalizeDni } from '../../domain/dni';
import { InvalidPhoneError, normalizePhone } from '../../domain/phone';
import type { TenantSettings } from '../../domain/tenant-settings';
import { AppError } from '../../domain/app-error';

function invalid(path: string, message: string): AppError {
  return new AppError('validation_failed', `The ${path} is not valid`, { fields: [{ path, message, code: 'invalid_format' }], es: `El campo ${path} no es válido` });
}

/** Phone to E.164 (with the agency's default country for national numbers) and DNI to its compact form. */
export function normalizeContact<T extends { phone?: string | null; dni?: string | null }>(input: T, settings: TenantSettings): T {
  const result = { ...input };
  if (input.phone) {
    try {
      result.phone = normalizePhone(input.phone, settings.defaultCountry);
    } catch (error) {
      if (error instanceof InvalidPhoneError) throw invalid('phone', 'is not a phone number we can reach (include the area code)');
      throw error;
    }
  }
  if (input.dni) {
    const dni = normalizeDni(input.dni);
    if (!dni) throw invalid('dni', 'must be 6 to 18 letters or digits (dots and dashes are ignored)');
    result.dni = dni;
  }
  return result;
}
