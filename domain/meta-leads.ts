/** A lead-ads answer as Graph gives it: the question's key and the contact's answers. */
export interface LeadFieldAnswer {
  name: string;
  values: string[];
}

export interface MappedMetaLead {
  /** As the contact typed it; normalised to E.164 with the agency's country later. */
  phone?: string;
  fields: { name?: string; email?: string; dni?: string };
  /** Every other answer (custom questions such as zone or budget), for the lead's source details. */
  answers: Record<string, string>;
}

const PHONE = ['phone_number', 'phone', 'telefono', 'teléfono', 'celular', 'whatsapp'];
const EMAIL = ['email', 'correo', 'correo_electronico'];
const DNI = ['dni', 'documento', 'cuit', 'cuil'];
const FULL_NAME = ['full_name', 'nombre_completo', 'nombre'];

const key = (name: string) => name.trim().toLowerCase().replace(/\s+/g, '_');

/** Meta's standard questions (and their usual Spanish custom names) become lead fields; the rest are kept as answers. */
export function mapMetaLead(fieldData: LeadFieldAnswer[]): MappedMetaLead {
  const answers = new Map(fieldData.map((field) => [key(field.name), field.values.map((value) => value.trim()).filter(Boolean).join(', ')]));
  const take = (names: string[]) => {
    const found = names.find((name) => answers.get(name));
    const value = found ? answers.get(found) : undefined;
    if (found) answers.delete(found);
    return value;
  };
  const phone = take(PHONE);
  const email = take(EMAIL);
  const dni = take(DNI);
  const first = take(['first_name']);
  const last = take(['last_name']);
  const name = take(FULL_NAME) ?? ([first, last].filter(Boolean).join(' ') || undefined);
  return {
    ...(phone ? { phone } : {}),
    fields: { ...(name ? { name } : {}), ...(email ? { email } : {}), ...(dni ? { dni } : {}) },
    answers: Object.fromEntries([...answers].filter(([, value]) => value)),
  };
}
