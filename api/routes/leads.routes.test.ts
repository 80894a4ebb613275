import request from 'supertest';
import { adminQuery } from '../../testing/harness';
import { leadSchema } from '../contracts/leads.schemas';
import { createStaffedTenant, startTestApi, type TestApi } from '../../testing/api-harness';

describe('leads API', () => {
  let api: TestApi;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  const post = (body: object) => request(api.app).post('/api/leads').set('Authorization', staff.admin.auth).send(body);
  const get = (path: string) => request(api.app).get(`/api${path}`).set('Authorization', staff.agent.auth);

  beforeAll(async () => {
    api = await startTestApi();
    staff = await createStaffedTenant(api.db, 'Leads');
  });
  afterAll(() => api.close());

  it('creates a lead with the phone normalised to E.164 and a creation event on its timeline', async () => {
    const { body } = await post({ name: 'Ana', phone: '011 15 4000-0001', origin: 'LANDING', tags: ['Compra'] }).expect(201);
    expect(body).toMatchObject({ name: 'Ana', phone: '+5491140000001', origin: 'LANDING', stage: 'NEW', tags: ['compra'] });
    expect(() => leadSchema.strict().parse(body)).not.toThrow();
    const events = await get(`/leads/${body.id}/events`).expect(200);
    expect(events.body.items.map((event: { type: string }) => event.type)).toEqual(['lead.created']);
  });

  it('refuses a second lead with the same phone however it is written, naming the existing lead', async () => {
    const first = await post({ phone: '+54 9 11 4000-0002' }).expect(201);
    const again = await post({ phone: '5491140000002' }).expect(409);
    expect(again.type).toBe('application/problem+json');
    expect(again.body).toMatchObject({ code: 'conflict', existingLeadId: first.body.id, errors: [{ path: 'phone', code: 'duplicate' }] });
  });

  it('refuses a second lead with the same DNI, dots or not', async () => {
    const first = await post({ dni: '30.444.555', name: 'Dni' }).expect(201);
    expect(first.body.dni).toBe('30444555');
    const again = await post({ dni: '30444555' }).expect(409);
    expect(again.body.existingLeadId).toBe(first.body.id);
  });

  it('moves a lead through stages, tags and assignment, with timeline events and audit entries', async () => {
    const { body: lead } = await post({ phone: '+5491140000003' }).expect(201);
    const { body } = await request(api.app)
      .patch(`/api/leads/${lead.id}`)
      .set('Authorization', staff.agent.auth)
      .send({ stage: 'CONTACTED', tags: ['vip'], assignedAgentId: staff.agent.id, searchZone: 'Palermo' })
      .expect(200);
    expect(body).toMatchObject({ stage: 'CONTACTED', tags: ['vip'], assignedAgentId: staff.agent.id, searchZone: 'Palermo' });
    const types = (await get(`/leads/${lead.id}/events`)).body.items.map((event: { type: string }) => event.type);
    expect(types).toEqual(expect.arrayContaining(['lead.stage_changed', 'lead.assigned', 'lead.updated', 'lead.created']));
    const audit = await request(api.app).get(`/api/audit-log?entityId=${lead.id}`).set('Authorization', staff.admin.auth).expect(200);
    const update = audit.body.items.find((entry: { action: string }) => entry.action === 'update');
    expect(update).toMatchObject({ entity: 'Lead', actorType: 'user', actorId: staff.agent.id, before: { stage: 'NEW' }, after: { stage: 'CONTACTED' } });
  });

  it('refuses assignment to someone who is not an active user of the agency', async () => {
    const { body: lead } = await post({ phone: '+5491140000004' }).expect(201);
    const { body } = await request(api.app)
      .patch(`/api/leads/${lead.id}`)
      .set('Authorization', staff.admin.auth)
      .send({ assignedAgentId: '00000000-0000-4000-8000-000000000000' })
      .expect(422);
    expect(body.errors[0].path).toBe('assignedAgentId');
  });

  describe('listing', () => {
    let tenantLeads: { id: string; createdAt: string }[];
    let local: Awaited<ReturnType<typeof createStaffedTenant>>;

    beforeAll(async () => {
      local = await createStaffedTenant(api.db, 'Listing');
      const make = (body: object) => request(api.app).post('/api/leads').set('Authorization', local.admin.auth).send(body).expect(201);
      tenantLeads = [];
      for (let i = 0; i < 12; i += 1) {
        const { body } = await make({
          name: i === 7 ? 'Rocío Quintana' : `Lead ${i}`,
          phone: `+5491150000${String(i).padStart(3, '0')}`,
          origin: i % 3 === 0 ? 'META_ADS' : 'WHATSAPP',
          stage: i % 2 === 0 ? 'NEW' : 'QUALIFIED',
          tags: i % 4 === 0 ? ['inversor'] : [],
          searchZone: i < 6 ? 'Palermo' : 'Belgrano',
          assignedAgentId: i === 5 ? local.agent.id : undefined,
        });
        tenantLeads.push(body);
      }
    });
    const list = (query: string) => request(api.app).get(`/api/leads?${query}`).set('Authorization', local.agent.auth).expect(200);
    const names = (body: { items: { name: string }[] }) => body.items.map((lead) => lead.name).sort();

    it('walks every lead exactly once, newest first, with cursors', async () => {
      const seen: string[] = [];
      let cursor = '';
      do {
        const { body } = await list(`limit=5${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...body.items.map((lead: { id: string }) => lead.id));
        cursor = body.nextCursor ?? '';
      } while (cursor);
      expect(seen).toEqual([...tenantLeads].reverse().map((lead) => lead.id));
    });

    it('sorts oldest first on request', async () => {
      const { body } = await list('sort=createdAt&limit=3');
      expect(body.items.map((lead: { id: string }) => lead.id)).toEqual(tenantLeads.slice(0, 3).map((lead) => lead.id));
    });

    it.each([
      ['stage=QUALIFIED', 6],
      ['stage=NEW,QUALIFIED', 12],
      ['origin=META_ADS', 4],
      ['tag=inversor', 3],
      ['zone=palermo', 6],
      ['zone=Belgrano&stage=NEW', 3],
      ['assignedAgentId=none', 11],
      ['q=quintana', 1],
      ['q=150000011', 1],
    ])('filters by %s', async (query, count) => {
      const { body } = await list(query);
      expect(body.items).toHaveLength(count);
    });

    it('filters by assigned agent and creation range', async () => {
      expect(names((await list(`assignedAgentId=${local.agent.id}`)).body)).toEqual(['Lead 5']);
      const from = encodeURIComponent(tenantLeads[10]!.createdAt);
      expect((await list(`createdFrom=${from}`)).body.items).toHaveLength(2);
    });

    describe('cursors', () => {
      const listing = (query: string) => request(api.app).get(`/api/leads?${query}`).set('Authorization', local.agent.auth);
      const refusesCursor = async (query: string) => {
        const { body, type } = await listing(query).expect(400);
        expect(type).toBe('application/problem+json');
        expect(body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'cursor', code: 'invalid_cursor' }] });
      };
      let cursor: string;

      beforeAll(async () => {
        cursor = (await list('limit=5')).body.nextCursor;
      });

      it('continues with the next page when given the cursor it issued', async () => {
        const { body } = await list(`limit=5&cursor=${encodeURIComponent(cursor)}`);
        expect(body.items.map((lead: { id: string }) => lead.id)).toEqual([...tenantLeads].reverse().slice(5, 10).map((lead) => lead.id));
      });

      it('refuses a cursor issued for another sort', async () => {
        await refusesCursor(`sort=createdAt&limit=5&cursor=${encodeURIComponent(cursor)}`);
        await refusesCursor(`sort=-updatedAt&limit=5&cursor=${encodeURIComponent(cursor)}`);
      });

      it('refuses a cursor issued by the properties list', async () => {
        const sold = { price: 1, operation: 'SALE', type: 'HOUSE', zone: 'Palermo', status: 'SOLD' };
        for (const title of ['Uno', 'Dos']) await request(api.app).post('/api/properties').set('Authorization', local.admin.auth).send({ ...sold, title }).expect(201);
        const { body } = await request(api.app).get('/api/properties?limit=1').set('Authorization', local.agent.auth).expect(200);
        await refusesCursor(`cursor=${encodeURIComponent(body.nextCursor)}`);
      });

      it('refuses a cursor whose position was edited, or the unsigned form', async () => {
        const [, signature] = cursor.split('.');
        const edited = Buffer.from(JSON.stringify(['2099-01-01T00:00:00.000Z', tenantLeads[0]!.id])).toString('base64url');
        await refusesCursor(`cursor=${edited}.${signature}`);
        await refusesCursor(`cursor=${Buffer.from(JSON.stringify({ value: '2099-01-01T00:00:00.000Z', id: tenantLeads[0]!.id })).toString('base64url')}`);
      });
    });
  });

  describe('free-text search for LIKE wildcards', () => {
    let search: Awaited<ReturnType<typeof createStaffedTenant>>;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      search = await createStaffedTenant(api.db, 'Wildcards');
      const leads = { percent: 'Cien % seguro', underscore: 'guion_bajo', backslash: 'barra\\invertida', plain: 'Sin comodines', letters: 'Ranobe' };
      let phone = 0;
      for (const [key, name] of Object.entries(leads)) {
        phone += 1;
        const { body } = await request(api.app).post('/api/leads').set('Authorization', search.admin.auth).send({ name, phone: `+5491160000${String(phone).padStart(3, '0')}` }).expect(201);
        ids[key] = body.id;
      }
    });

    it.each([
      ['%', 'percent'],
      ['_', 'underscore'],
      ['\\', 'backslash'],
      ['n_b', 'underscore'],
    ])('finds only the leads that literally contain %j', async (q, key) => {
      const { body } = await request(api.app).get(`/api/leads?q=${encodeURIComponent(q)}`).set('Authorization', search.agent.auth).expect(200);
      expect(body.items.map((lead: { id: string }) => lead.id)).toEqual([ids[key]]);
    });
  });

  describe('bad input', () => {
    const countLeads = async () => Number((await adminQuery<{ n: string }>(`SELECT count(*) AS n FROM "Lead" WHERE "tenantId" = $1`, [staff.tenant.id]))[0]!.n);

    it.each([
      ['an unknown field', { phone: '+5491140009999', isAdmin: true }, 'isAdmin'],
      ['a wrong type', { phone: 5491140009999 }, 'phone'],
      ['an invalid phone', { phone: '123' }, 'phone'],
      ['a phone of a possible length but no valid number', { phone: '+52 00 0000 0000' }, 'phone'],
      ['no contact at all', { name: 'Nobody' }, 'phone'],
      ['an unknown stage', { phone: '+5491140009999', stage: 'MAYBE' }, 'stage'],
      ['a budget upside down', { phone: '+5491140009999', budgetMin: 10, budgetMax: 5 }, 'budgetMin'],
      ['control characters', { phone: '+5491140009999', name: 'a\u0000b' }, 'name'],
    ])('answers 400 naming the field for %s, and writes nothing', async (_label, body, field) => {
      const before = await countLeads();
      const { body: problem, type } = await post(body).expect(400);
      expect(type).toBe('application/problem+json');
      expect(problem.errors.map((error: { path: string }) => error.path)).toContain(field);
      expect(await countLeads()).toBe(before);
    });

    it('answers 400 for malformed JSON, 413 for an oversize body and 415 for another content type', async () => {
      const before = await countLeads();
      await request(api.app).post('/api/leads').set('Authorization', staff.admin.auth).set('Content-Type', 'application/json').send('{"phone": ').expect(400);
      await post({ phone: '+5491140009999', notes: 'x'.repeat(1_100_000) }).expect(413);
      await request(api.app).post('/api/leads').set('Authorization', staff.admin.auth).set('Content-Type', 'text/plain').send('phone=1').expect(415);
      expect(await countLeads()).toBe(before);
    });

    it('stores injection strings as plain text and finds them as such', async () => {
      const name = `Robert'); DROP TABLE "Lead";-- <script>alert(1)</script>`;
      const { body } = await post({ phone: '+5491140008888', name }).expect(201);
      expect(body.name).toBe(name);
      const found = await get(`/leads?q=${encodeURIComponent("'); drop table")}`).expect(200);
      expect(found.body.items.map((lead: { id: string }) => lead.id)).toEqual([body.id]);
      await get(`/leads?q=${encodeURIComponent('%_\\')}`).expect(200);
    });

    it.each(['limit=0', 'limit=abc', 'sort=password', 'cursor=not-a-cursor', 'stage=NEW,BOGUS', 'createdFrom=yesterday', 'unknown=1'])('answers 400 for the query %s', async (query) => {
      const { body } = await get(`/leads?${query}`).expect(400);
      expect(body.errors.length).toBeGreaterThan(0);
    });

    it('answers 400 for an id that is not a UUID and 404 for one that does not exist', async () => {
      await get('/leads/1%20OR%201=1').expect(400);
      await get('/leads/00000000-0000-4000-8000-000000000000').expect(404);
    });
  });
});
