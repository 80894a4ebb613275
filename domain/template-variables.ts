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

export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
export type VariableValues = Partial<Record<TemplateVariable, string | null | undefined>>;

const PLACEHOLDER = /\{\{\s*([a-zA-Z.]+)\s*(?:\|([^}]*))?\}\}/g;
const KNOWN = new Set<string>(TEMPLATE_VARIABLES);

/** Placeholder names that Astor cannot fill, for validation at design time. */
export function unknownVariables(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1]!).filter((name) => !KNOWN.has(name));
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
