import { valuesForLead } from './template-variables';
import { countBodyVariables, renderTemplateBody, templateDefinitionSchema, type VariableMapping } from './whatsapp-template';

const body = (text: string, examples?: string[]) => ({ type: 'BODY' as const, text, ...(examples ? { example: { body_text: [examples] as [string[]] } } : {}) });
const definition = (components: unknown[], variables: unknown[] = []) => ({ name: 'bienvenida', language: 'es_AR', category: 'MARKETING', components, variables });
const issues = (input: unknown) => {
  const result = templateDefinitionSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('template variables numbered as Meta requires', () => {
  it('counts {{1}}..{{n}}, repeated ones once', () => {
    expect(countBodyVariables('Hola {{1}}, te escribe {{2}}. {{1}}, ¿seguís buscando?')).toEqual({ count: 2 });
    expect(countBodyVariables('Sin variables')).toEqual({ count: 0 });
  });

  it('names the first missing number of a gap', () => {
    expect(countBodyVariables('Hola {{1}}, mirá {{3}}')).toEqual({ problem: expect.stringContaining('{{2}} is missing') });
    expect(countBodyVariables('Hola {{2}}')).toEqual({ problem: expect.stringContaining('{{1}} is missing') });
  });

  it("refuses Astor's named placeholders inside a Meta template", () => {
    expect(countBodyVariables('Hola {{lead.firstName}}')).toEqual({ problem: 'only numbered variables such as {{1}} are allowed' });
  });
});

describe('template definition', () => {
  it('accepts a body with examples and one mapping per variable', () => {
    const mappings = [{ kind: 'field', field: 'lead.firstName' }, { kind: 'text', text: 'Inmobiliaria Sur' }];
    expect(issues(definition([{ type: 'HEADER', format: 'TEXT', text: 'Novedades' }, body('Hola {{1}}, soy de {{2}}', ['Ana', 'Sur']), { type: 'FOOTER', text: 'Respondé BAJA' }], mappings))).toEqual([]);
  });

  it('points at the field that is wrong', () => {
    expect(issues(definition([body('Hola {{1}}', ['Ana'])], []))).toEqual(['variables: needs one mapping per body variable (1)']);
    expect(issues(definition([body('Hola {{1}}')], [{ kind: 'field', field: 'lead.firstName' }]))).toEqual(['components.0.example.body_text: needs exactly one example value per variable (1)']);
    expect(issues(definition([body('Hola {{1}} y {{3}}', ['a', 'b'])], []))).toEqual([expect.stringMatching(/^components\.0\.text: .*\{\{2\}\} is missing/)]);
    expect(issues(definition([{ type: 'FOOTER', text: 'Chau' }]))).toEqual(['components: a BODY component with the text is required']);
    expect(issues(definition([body('Hola'), { type: 'HEADER', format: 'TEXT', text: 'Hola {{1}}' }]))[0]).toMatch(/^components\.1\.text: must not contain variables/);
    expect(issues(definition([body('Hola')], [{ kind: 'field', field: 'lead.password' }]))[0]).toMatch(/^variables\.0\.field/);
    expect(issues({ ...definition([body('Hola')]), name: 'Bienvenida!' })[0]).toMatch(/^name:/);
  });
});

describe('rendering a template for a lead', () => {
  const components = [body('Hola {{1}}, tenemos {{2}} en {{3}} a {{4}}', ['Ana', 'un PH', 'Palermo', 'USD 1'])];
  const mappings: VariableMapping[] = [
    { kind: 'field', field: 'lead.firstName' },
    { kind: 'text', text: 'una propiedad' },
    { kind: 'field', field: 'lead.zone' },
    { kind: 'field', field: 'property.price' },
  ];

  it('fills every {{n}} from the lead, the property and fixed texts', () => {
    const values = valuesForLead({ name: 'Ana María Pérez', searchZone: 'Palermo' }, 'Sur', { title: 'PH', zone: 'Palermo', price: 'USD 120.000' });
    expect(renderTemplateBody(components, mappings, values)).toEqual({
      ok: true,
      text: 'Hola Ana, tenemos una propiedad en Palermo a USD 120.000',
      parameters: ['Ana', 'una propiedad', 'Palermo', 'USD 120.000'],
    });
  });

  it('reports each variable without a value, and placeholders without a mapping', () => {
    const values = valuesForLead({ name: '  ', searchZone: null }, 'Sur');
    expect(renderTemplateBody(components, mappings.slice(0, 3), values)).toEqual({
      ok: false,
      missing: [{ placeholder: 1, field: 'lead.firstName' }, { placeholder: 3, field: 'lead.zone' }, { placeholder: 4 }],
    });
  });

  it('reads bodies of templates imported from Meta, whose types may be lower case', () => {
    expect(renderTemplateBody([{ type: 'body', text: 'Hola {{1}}' }], [{ kind: 'field', field: 'agency.name' }], { 'agency.name': 'Sur' })).toEqual({ ok: true, text: 'Hola Sur', parameters: ['Sur'] });
  });
});
