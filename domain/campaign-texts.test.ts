import { isOptOutRequest } from './opt-out';
import { quietUntil } from './quiet-hours';
import { renderVariables, unknownVariables } from './template-variables';
import { instantOfIso } from './time-zone';

const BA = 'America/Argentina/Buenos_Aires';

describe('opt-out replies', () => {
  it.each(['BAJA', 'baja.', 'Stop', '  no me escriban más!!', 'No quiero recibir mas mensajes', 'Por favor dejen de escribirme', 'quiero darme de baja'])('recognises %j', (text) => {
    expect(isOptOutRequest(text)).toBe(true);
  });
  it.each(['Hola', 'bajá el precio?', 'no me escriban tan tarde, mejor de día', 'stop de la ruta 9', undefined])('does not take %j for an opt-out', (text) => {
    expect(isOptOutRequest(text)).toBe(false);
  });
});

describe('template variables', () => {
  it('fills values, uses fallbacks and names what is missing', () => {
    expect(renderVariables('Hola {{lead.firstName|vecino}}, {{agency.name}} {{ lead.zone }}', { 'agency.name': 'Astor', 'lead.zone': 'Palermo' })).toEqual({ text: 'Hola vecino, Astor Palermo', missing: [] });
    expect(renderVariables('Hola {{lead.name}}', { 'lead.name': '  ' })).toEqual({ text: 'Hola ', missing: ['lead.name'] });
    expect(unknownVariables('{{lead.name}} {{lead.apodo}} {{1}}')).toEqual(['lead.apodo']);
  });
});

describe('quiet hours in the agency time zone', () => {
  const at = (local: string) => instantOfIso(local, BA);
  it('holds sends inside a window that crosses midnight, until it ends', () => {
    const quiet = { start: '21:00', end: '09:00' };
    expect(quietUntil(at('2026-12-01T22:30'), quiet, BA)).toBe(at('2026-12-02T09:00'));
    expect(quietUntil(at('2026-12-02T03:00'), quiet, BA)).toBe(at('2026-12-02T09:00'));
    expect(quietUntil(at('2026-12-02T09:00'), quiet, BA)).toBeUndefined();
    expect(quietUntil(at('2026-12-02T20:59'), quiet, BA)).toBeUndefined();
  });
  it('handles a window within one day, and reads local times in the zone (UTC-3)', () => {
    expect(quietUntil(at('2026-12-01T13:30'), { start: '13:00', end: '14:00' }, BA)).toBe(at('2026-12-01T14:00'));
    expect(at('2026-12-01T10:00')).toBe(Date.parse('2026-12-01T13:00:00Z'));
    expect(instantOfIso('2026-12-01T10:00:00+01:00', BA)).toBe(Date.parse('2026-12-01T09:00:00Z'));
  });
});
