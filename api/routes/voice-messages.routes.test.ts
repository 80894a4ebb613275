import request from 'supertest';
import { createStaffedTenant, startTestApi, type TestApi } from '../../testing/api-harness';

describe('POST /api/leads/:id/voice-messages before ElevenLabs is connected', () => {
  let api: TestApi;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;

  beforeAll(async () => {
    api = await startTestApi();
    staff = await createStaffedTenant(api.db, 'Sin voz');
  });
  afterAll(() => api.close());

  it('refuses at once, in the agent’s language, and starts nothing', async () => {
    const { body: lead } = await request(api.app).post('/api/leads').set('Authorization', staff.agent.auth).send({ phone: '+5491155501234', name: 'Ana Voz' }).expect(201);
    const { body: problem } = await request(api.app)
      .post(`/api/leads/${lead.id}/voice-messages`)
      .set('Authorization', staff.agent.auth)
      .set('Accept-Language', 'es-AR')
      .send({ text: 'Hola Ana, te cuento de un PH en Palermo' })
      .expect(422);
    expect(problem.detail).toBe('Todavía no conectaste ElevenLabs: conectalo en Ajustes › Voz para mandar notas de voz');
    const { body: events } = await request(api.app).get(`/api/leads/${lead.id}/events`).set('Authorization', staff.agent.auth).expect(200);
    expect((events.items as { type: string }[]).filter((event) => event.type.startsWith('voice'))).toEqual([]);
  });
});
