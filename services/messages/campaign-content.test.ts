import { renderForLead, type ContentContext } from './campaign-content';

const lead = { id: 'lead-1', name: 'Ana Pérez', searchZone: null, lastInboundAt: null };
const components = [{ type: 'BODY', text: 'Hola {{1}}, novedades de {{2}}', example: { body_text: [['Ana', 'Sur']] } }];
const registered: ContentContext = {
  agencyName: 'Inmobiliaria Sur',
  properties: [],
  registeredTemplate: { components, variables: [{ kind: 'field', field: 'lead.firstName' }, { kind: 'field', field: 'agency.name' }] },
};
const content = { kind: 'template' as const, name: 'novedades', language: 'es_AR', variables: [] };

describe('template campaigns that reference the template registry', () => {
  it("fill the template's {{n}} from its registered mapping", () => {
    expect(renderForLead(content, lead, registered, Date.now())).toEqual({
      kind: 'message',
      content: { kind: 'template', name: 'novedades', language: 'es_AR', bodyParameters: ['Ana', 'Inmobiliaria Sur'] },
    });
  });

  it('skip a lead that has no value for a mapped field, naming it', () => {
    const zoned = { ...registered, registeredTemplate: { components, variables: [{ kind: 'field' as const, field: 'lead.zone' as const }, { kind: 'text' as const, text: 'Sur' }] } };
    expect(renderForLead(content, lead, zoned, Date.now())).toEqual({ kind: 'skip', reason: 'missing_variable:lead.zone' });
  });

  it('keep the variables a campaign gives itself when the template is not registered', () => {
    const own = { ...content, variables: ['{{lead.firstName}}', 'fijo'] };
    expect(renderForLead(own, lead, { agencyName: 'Sur', properties: [] }, Date.now())).toMatchObject({ kind: 'message', content: { bodyParameters: ['Ana', 'fijo'] } });
  });
});
