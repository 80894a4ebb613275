/**
 * `{{lead.firstName}}`-style placeholders in campaign and automation texts, rendered from the
 * lead, the agency and (for property alerts) a property. `{{lead.firstName|vecino}}` gives a
 * fallback for leads without the field; a placeholder with neither value nor fallback is missing.
 */
export const TEMPLATE_VARIABLES = [
  'lead.name',
  'lead.firstName',
  'lead.zone',
  'agency.name',
  'property.title',
  'property.zone',
  'property.price',
  'property.url',
] as const;

/** Visit messages (confirmation, reminder, follow-up) also know the visit and its agent. */
export const VISIT_VARIABLES = [...TEMPLATE_VARIABLES, 'visit.date', 'visit.time', 'visit.address', 'agent.name'] as const;

export type TemplateVariable = (typeof VISIT_VARIABLES)[number];
export type VariableValues = Partial<Record<TemplateVariable, string | null | undefined>>;

const PLACEHOLDER = /\{\{\s*([a-zA-Z.]+)\s*(?:\|([^}]*))?\}\}/g;

/** Placeholder names that Astor cannot fill in this context, for validation at design time. */
export function unknownVariables(text: string, known: readonly string[] = TEMPLATE_VARIABLES): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1]!).filter((name) => !known.includes(name));
}

export function renderVariables(text: string, values: VariableValues): { text: string; missing: string[] } {
  const missing: string[] = [];
  const rendered = text.replace(PLACEHOLDER, (_whole, name: string, fallback: string | undefined) => {
    const value = values[name as TemplateVariable]?.trim();
    if (value) return value;
    if (fallback !== undefined) return fallback.trim();
    missing.push(name);
    return '';
  });
  return { text: rendered, missing };
}

export function firstNameOf(name: string | null | undefined): string | undefined {
  return name?.trim().split(/\s+/)[0] || undefined;
}

/** What a message to a lead can say: the lead, the agency and, when one is chosen, a property. */
export function valuesForLead(lead: { name: string | null; searchZone: string | null }, agencyName: string, property?: { title: string; zone: string; price: string }): VariableValues {
  return {
    'lead.name': lead.name,
    'lead.firstName': firstNameOf(lead.name),
    'lead.zone': lead.searchZone,
    'agency.name': agencyName,
    'property.title': property?.title,
    'property.zone': property?.zone,
    'property.price': property?.price,
  };
}
