/** A template as the picker sends it: name and language as Meta approved it, and a value for each body {{n}}. */
export interface TemplateChoice {
  name: string;
  language: string;
  variables: string[];
  /** The registry row it was picked from; absent for a name typed before the first sync. */
  registryId?: string;
}

type Mapping = { kind: 'field'; field: string } | { kind: 'text'; text: string };

/** A template of the agency's registry, as GET /api/templates lists it. */
export interface RegisteredTemplate {
  id: string;
  name: string;
  language: string;
  category: string;
  status: 'PENDING' | 'APPROVED' | 'REJECTED' | 'PAUSED' | 'DISABLED';
  bodyText: string | null;
  variables: Mapping[];
}

export const PLACEHOLDER = /\{\{\s*(\d+)\s*\}\}/g;

export const keyOf = (template: { name: string; language: string }) => `${template.name}/${template.language}`;

/** Meta counts a body's variables by its highest {{n}}. */
export function bodyVariableCount(body: string | null): number {
  return Math.max(0, ...[...(body ?? '').matchAll(PLACEHOLDER)].map((match) => Number(match[1])));
}

/** The registry's mapping as values the admin can change: {{lead.firstName}} for a field, the text itself for fixed text. */
export function prefilledVariables(template: RegisteredTemplate): string[] {
  return Array.from({ length: bodyVariableCount(template.bodyText) }, (_unused, index) => {
    const mapping = template.variables[index];
    if (!mapping) return '';
    return mapping.kind === 'field' ? `{{${mapping.field}}}` : mapping.text;
  });
}

/** The template reference the API takes; values all left empty mean "as the registry maps them". */
export function templateMessage(choice: TemplateChoice): TemplateChoice {
  const variables = choice.variables.map((value) => value.trim());
  return { name: choice.name, language: choice.language, variables: variables.every((value) => value === '') ? [] : variables };
}
