import request from 'supertest';
import { createStaffedTenant, startTestApi, type TestApi } from '../../testing/api-harness';

describe('problem details in the language the client asks for', () => {
  let api: TestApi;
  let auth: string;
  const createLead = (body: object, language?: string) => {
    const call = request(api.app).post('/api/leads').set('Authorization', auth);
    return (language ? call.set('Accept-Language', language) : call).send(body);
  };
  const messages = (body: { errors: { path: string; message: string }[] }) => Object.fromEntries(body.errors.map((error) => [error.path, error.message]));

  beforeAll(async () => {
    api = await startTestApi();
    auth = (await createStaffedTenant(api.db, 'Idioma')).admin.auth;
  });
  afterAll(() => api.close());

  it('answers in Spanish when Accept-Language prefers it: title, detail, zod messages and the API’s own', async () => {
    const { status, body } = await createLead({ name: 7, email: 'no-es-un-mail' }, 'es-AR,es;q=0.9,en;q=0.5');
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'validation_failed', title: 'La solicitud no es válida', detail: 'Algunos campos no son válidos' });
    expect(messages(body)).toMatchObject({ name: expect.stringMatching(/se esperaba texto/), email: expect.stringMatching(/correo/) });

    const empty = await createLead({ name: 'Sin contacto' }, 'es');
    expect(messages(empty.body)).toEqual({ phone: 'indicá al menos un teléfono, un e-mail o un DNI' });
  });

  it('gives a detail built from values in Spanish too, where the API wrote one', async () => {
    await createLead({ phone: '+5491150000001' }).expect(201);
    const { status, body } = await createLead({ phone: '011 15 5000-0001' }, 'es');
    expect(status).toBe(409);
    expect(body).toMatchObject({ title: 'Entra en conflicto con el estado actual', detail: 'Ya existe un lead con este teléfono', errors: [{ path: 'phone', message: 'pertenece a otro lead' }] });
  });

  it('answers in English without Accept-Language, or when English comes first', async () => {
    for (const language of [undefined, 'en-US,es;q=0.8']) {
      const { body } = await createLead({ name: 'Sin contacto' }, language);
      expect(body).toMatchObject({ title: 'The request is not valid', detail: 'Some fields are not valid' });
      expect(messages(body)).toEqual({ phone: 'give at least a phone, an e-mail or a DNI' });
    }
  });
});
