import { z } from 'zod';
import { templateLanguageSchema, templateNameSchema } from './campaign';
import { TEMPLATE_VARIABLES, type TemplateVariable, type VariableValues } from './template-variables';

/**
 * A WhatsApp template of the agency's registry: Meta's own component shape (what is submitted for
 * approval) plus Astor's mapping of each body `{{n}}` to a lead/property/agency field or a fixed text.
 */

export const TEMPLATE_CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;
export const TEMPLATE_STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'PAUSED', 'DISABLED'] as const;
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];

const NUMBERED_PLACEHOLDER = /\{\{\s*(\d+)\s*\}\}/g;
const ANY_PLACEHOLDER = /\{\{[^}]*\}\}/;

/** The numbers of the `{{n}}` placeholders of a text, in order of appearance. */
export function placeholderNumbers(text: string): number[] {
  return [...text.matchAll(NUMBERED_PLACEHOLDER)].map((match) => Number(match[1]));
}

/** How many variables a body has, or why Meta would refuse them (they must be {{1}}..{{n}} without gaps). */
export function countBodyVariables(text: string): { count: number } | { problem: string } {
  const distinct = [...new Set(placeholderNumbers(text))].sort((a, b) => a - b);
  const gap = distinct.findIndex((number, index) => number !== index + 1);
  if (gap >= 0) return { problem: `variables must be numbered {{1}} to {{${distinct.length}}} without gaps; {{${gap + 1}}} is missing` };
  if (text.replace(NUMBERED_PLACEHOLDER, '').match(ANY_PLACEHOLDER)) return { problem: 'only numbered variables such as {{1}} are allowed' };
  return { count: distinct.length };
}

const plainText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => !ANY_PLACEHOLDER.test(value), 'must not contain variables');

const headerComponent = z.strictObject({ type: z.literal('HEADER'), format: z.literal('TEXT'), text: plainText(60) });
const bodyComponent = z.strictObject({
  type: z.literal('BODY'),
  text: z.string().trim().min(1).max(1024),
  /** Meta reviews templates with one sample value per variable: `body_text: [["Ana", "Palermo"]]`. */
  example: z.strictObject({ body_text: z.tuple([z.array(z.string().trim().min(1).max(200)).min(1)]) }).optional(),
});
const footerComponent = z.strictObject({ type: z.literal('FOOTER'), text: plainText(60) });
const buttonSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('QUICK_REPLY'), text: plainText(25) }),
  z.strictObject({ type: z.literal('URL'), text: plainText(25), url: z.url({ protocol: /^https?$/ }).max(2000) }),
  z.strictObject({ type: z.literal('PHONE_NUMBER'), text: plainText(25), phone_number: z.string().regex(/^\+\d{7,15}$/, 'an international number such as +5491155550000') }),
]);
const buttonsComponent = z.strictObject({ type: z.literal('BUTTONS'), buttons: z.array(buttonSchema).min(1).max(10) });

export const templateComponentSchema = z.discriminatedUnion('type', [headerComponent, bodyComponent, footerComponent, buttonsComponent]);
export type TemplateComponent = z.infer<typeof templateComponentSchema>;

export const templateComponentsSchema = z
  .array(templateComponentSchema)
  .min(1)
  .max(4)
  .superRefine((components, ctx) => {
    const types = components.map((component) => component.type);
    types.forEach((type, index) => {
      if (types.indexOf(type) !== index) ctx.addIssue({ code: 'custom', path: [index, 'type'], message: `only one ${type} component is allowed` });
    });
    const bodyIndex = types.indexOf('BODY');
    if (bodyIndex < 0) return ctx.addIssue({ code: 'custom', path: [], message: 'a BODY component with the text is required' });
    const body = components[bodyIndex] as z.infer<typeof bodyComponent>;
    const variables = countBodyVariables(body.text);
    if ('problem' in variables) return ctx.addIssue({ code: 'custom', path: [bodyIndex, 'text'], message: variables.problem });
    const examples = body.example?.body_text[0].length ?? 0;
    if (examples !== variables.count) ctx.addIssue({ code: 'custom', path: [bodyIndex, 'example', 'body_text'], message: `needs exactly one example value per variable (${variables.count})` });
  });

/** What fills one `{{n}}`: a field of the lead, its property or the agency, or the same text for everyone. */
export const variableMappingSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('field'), field: z.enum(TEMPLATE_VARIABLES) }),
  z.strictObject({ kind: z.literal('text'), text: plainText(200) }),
]);
export type VariableMapping = z.infer<typeof variableMappingSchema>;
export const variableMappingsSchema = z.array(variableMappingSchema).max(20);

export const templateDefinitionSchema = z
  .strictObject({
    name: templateNameSchema,
    language: templateLanguageSchema,
    category: z.enum(TEMPLATE_CATEGORIES),
    components: templateComponentsSchema,
    /** One entry per body variable: `variables[0]` fills {{1}}. */
    variables: variableMappingsSchema.default([]),
  })
  .superRefine((template, ctx) => {
    const body = bodyTextOf(template.components);
    const variables = body === undefined ? undefined : countBodyVariables(body);
    if (!variables || 'problem' in variables) return;
    if (template.variables.length !== variables.count) ctx.addIssue({ code: 'custom', path: ['variables'], message: `needs one mapping per body variable (${variables.count})` });
  });
export type TemplateDefinition = z.infer<typeof templateDefinitionSchema>;

/** The body's text; templates read back from Meta may spell component types in lower case. */
export function bodyTextOf(components: unknown): string | undefined {
  if (!Array.isArray(components)) return undefined;
  const body = components.find((component: { type?: unknown }) => typeof component?.type === 'string' && component.type.toUpperCase() === 'BODY') as { text?: unknown } | undefined;
  return typeof body?.text === 'string' ? body.text : undefined;
}

function bodyVariableCount(components: unknown): number {
  const text = bodyTextOf(components);
  return text ? Math.max(0, ...placeholderNumbers(text)) : 0;
}

export interface MissingVariable {
  placeholder: number;
  /** The field that had no value; absent when the template has no mapping for the placeholder. */
  field?: TemplateVariable;
}

export type TemplateRendering = { ok: true; text: string; parameters: string[] } | { ok: false; missing: MissingVariable[] };

/** The body's `{{n}}` filled from the mapping: the text a lead reads and the parameters Graph is sent. */
export function renderTemplateBody(components: unknown, mappings: readonly VariableMapping[], values: VariableValues): TemplateRendering {
  const text = bodyTextOf(components) ?? '';
  const count = bodyVariableCount(components);
  const missing: MissingVariable[] = [];
  const parameters = Array.from({ length: count }, (_unused, index) => {
    const mapping = mappings[index];
    const value = mapping?.kind === 'text' ? mapping.text : mapping ? values[mapping.field]?.trim() : undefined;
    if (!value) missing.push({ placeholder: index + 1, ...(mapping?.kind === 'field' ? { field: mapping.field } : {}) });
    return value ?? '';
  });
  if (missing.length) return { ok: false, missing };
  return { ok: true, text: text.replace(NUMBERED_PLACEHOLDER, (_whole, number: string) => parameters[Number(number) - 1]!), parameters };
}

/** "{{2}} (lead.zone)" — how an admin is told which variable has no value. */
export function describeMissing(missing: MissingVariable): string {
  return missing.field ? `{{${missing.placeholder}}} (${missing.field})` : `{{${missing.placeholder}}} (no mapping)`;
}
