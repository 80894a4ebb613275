import request from 'supertest';
import { createStaffedTenant, startTestApi, type TestApi } from '../../testing/api-harness';
import { propertySchema } from '../contracts/properties.schemas';

describe('properties API and matching', () => {
  let api: TestApi;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  const as = (auth: string) => ({
    post: (path: string, body: object) => request(api.app).post(`/api${path}`).set('Authorization', auth).send(body),
    patch: (path: string, body: object) => request(api.app).patch(`/api${path}`).set('Authorization', auth).send(body),
    get: (path: string) => request(api.app).get(`/api${path}`).set('Authorization', auth),
    delete: (path: string) => request(api.app).delete(`/api${path}`).set('Authorization', auth),
  });
  const property = (overrides: object) => ({ title: 'Depto', price: 150000, currency: 'USD', operation: 'SALE', type: 'APARTMENT', zone: 'Palermo', rooms: 2, ...overrides });

  beforeAll(async () => {
    api = await startTestApi();
    staff = await createStaffedTenant(api.db, 'Catalogue');
  });
  afterAll(() => api.close());

  it('creates, reads, changes and deletes a property, returning money as numbers', async () => {
    const admin = as(staff.admin.auth);
    const { body: created } = await admin.post('/properties', property({ photoUrls: ['https://img.example.com/1.jpg'], areaM2: 48.5 })).expect(201);
    expect(created).toMatchObject({ price: 150000, areaM2: 48.5, status: 'AVAILABLE', photoUrls: ['https://img.example.com/1.jpg'] });
    expect(() => propertySchema.strict().parse(created)).not.toThrow();
    await admin.patch(`/properties/${created.id}`, { price: 139000, status: 'RESERVED' }).expect(200);
    expect((await admin.get(`/properties/${created.id}`).expect(200)).body).toMatchObject({ price: 139000, status: 'RESERVED' });
    await admin.delete(`/properties/${created.id}`).expect(204);
    await admin.get(`/properties/${created.id}`).expect(404);
  });

  it('refuses to delete a property a visit is booked at with a 409, not a 500', async () => {
    const admin = as(staff.admin.auth);
    const { body: created } = await admin.post('/properties', property({})).expect(201);
    const { body: lead } = await admin.post('/leads', { name: 'Con visita', phone: '+5491160001234' }).expect(201);
    await as(staff.agent.auth).post('/visits', { leadId: lead.id, propertyId: created.id, scheduledAt: new Date(Date.now() + 86_400_000).toISOString() }).expect(201);
    const { body } = await admin.delete(`/properties/${created.id}`).expect(409);
    expect(body.code).toBe('conflict');
    await admin.get(`/properties/${created.id}`).expect(200);
  });

  it('lets agents read the catalogue but not change it', async () => {
    const { body } = await as(staff.admin.auth).post('/properties', property({})).expect(201);
    await as(staff.agent.auth).get(`/properties/${body.id}`).expect(200);
    await as(staff.agent.auth).patch(`/properties/${body.id}`, { price: 1 }).expect(403);
    await as(staff.agent.auth).post('/properties', property({})).expect(403);
  });

  it.each([
    [{ price: -1 }, 'price'],
    [{ operation: 'SWAP' }, 'operation'],
    [{ currency: 'dollars' }, 'currency'],
    [{ photoUrls: ['javascript:alert(1)'] }, 'photoUrls.0'],
    [{ title: '' }, 'title'],
  ])('refuses %p naming the field', async (change, field) => {
    const { body } = await as(staff.admin.auth).post('/properties', property(change)).expect(400);
    expect(body.errors.map((error: { path: string }) => error.path)).toContain(field);
  });

  describe('filters and matching', () => {
    let local: Awaited<ReturnType<typeof createStaffedTenant>>;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      local = await createStaffedTenant(api.db, 'Matching');
      const admin = as(local.admin.auth);
      const catalogue = {
        perfect: property({ title: 'Perfecto Palermo', price: 145000 }),
        otherZone: property({ title: 'Belgrano algo caro', zone: 'Belgrano', price: 168000 }),
        tooExpensive: property({ title: 'Caro', price: 250000 }),
        rent: property({ title: 'Alquiler', operation: 'RENT', price: 900, zone: 'Palermo' }),
        house: property({ title: 'Casa', type: 'HOUSE', price: 140000 }),
        sold: property({ title: 'Vendido', status: 'SOLD' }),
      };
      for (const [key, body] of Object.entries(catalogue)) ids[key] = (await admin.post('/properties', body).expect(201)).body.id;
      const lead = (body: object) => admin.post('/leads', body).expect(201);
      ids.buyer = (await lead({ name: 'Compradora', phone: '+5491170000001', searchOperation: 'SALE', searchType: 'APARTMENT', searchZone: 'palermo', budgetMin: 100000, budgetMax: 160000, budgetCurrency: 'USD', roomsMin: 2 })).body.id;
      ids.renter = (await lead({ name: 'Inquilino', phone: '+5491170000002', searchOperation: 'RENT', searchZone: 'Palermo', budgetMax: 1000, budgetCurrency: 'USD' })).body.id;
      ids.vague = (await lead({ name: 'Sin criterio', phone: '+5491170000003' })).body.id;
      ids.optedOut = (await lead({ name: 'Baja', phone: '+5491170000004', searchOperation: 'SALE', searchZone: 'Palermo' })).body.id;
      await admin.patch(`/leads/${ids.optedOut}`, { optOut: true }).expect(200);
    });

    const titles = (body: { items: { title: string }[] }) => body.items.map((item) => item.title).sort();

    it.each([
      ['operation=RENT', ['Alquiler']],
      ['type=HOUSE', ['Casa']],
      ['status=SOLD', ['Vendido']],
      ['zone=belgrano', ['Belgrano algo caro']],
      ['priceMin=140000&priceMax=150000', ['Casa', 'Perfecto Palermo', 'Vendido']],
      ['q=perfecto', ['Perfecto Palermo']],
    ])('filters the catalogue by %s', async (query, expected) => {
      expect(titles((await as(local.agent.auth).get(`/properties?${query}`).expect(200)).body)).toEqual(expected.sort());
    });

    it('pages the catalogue by price with cursors', async () => {
      const first = await as(local.agent.auth).get('/properties?sort=price&limit=4').expect(200);
      const second = await as(local.agent.auth).get(`/properties?sort=price&limit=4&cursor=${first.body.nextCursor}`).expect(200);
      const prices = [...first.body.items, ...second.body.items].map((item: { price: number }) => item.price);
      expect(prices).toEqual([900, 140000, 145000, 150000, 168000, 250000]);
      expect(second.body.nextCursor).toBeNull();
    });

    it("ranks the properties that fit a lead's search, best first, with reasons", async () => {
      const { body } = await as(local.agent.auth).get(`/leads/${ids.buyer}/matches`).expect(200);
      expect(body.items.map((item: { property: { id: string } }) => item.property.id)).toEqual([ids.perfect, ids.otherZone]);
      expect(body.items[0]).toMatchObject({ score: 100, reasons: expect.arrayContaining(['in the wanted zone', 'price within budget']) });
      expect(body.items[1].score).toBeLessThan(body.items[0].score);
    });

    it('finds the reachable leads a property fits, leaving out opted-out and criteria-less leads', async () => {
      const { body } = await as(local.agent.auth).get(`/properties/${ids.perfect}/matches`).expect(200);
      expect(body.items.map((item: { lead: { id: string } }) => item.lead.id)).toEqual([ids.buyer]);
      const rent = await as(local.agent.auth).get(`/properties/${ids.rent}/matches`).expect(200);
      expect(rent.body.items.map((item: { lead: { id: string } }) => item.lead.id)).toEqual([ids.renter]);
    });
  });

  describe('text filters with LIKE wildcards', () => {
    let local: Awaited<ReturnType<typeof createStaffedTenant>>;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      local = await createStaffedTenant(api.db, 'Wildcard catalogue');
      const catalogue = {
        percent: property({ title: 'Financiado 100%', zone: 'Zona 50%' }),
        underscore: property({ title: 'Depto', address: 'Calle_Falsa 123', zone: 'Villa_Urquiza' }),
        backslash: property({ title: 'Loft \\ terraza', zone: 'Barrio\\Norte' }),
        plain: property({ title: 'Casa sin comodines', zone: 'VillaXUrquiza' }),
      };
      for (const [key, body] of Object.entries(catalogue)) ids[key] = (await as(local.admin.auth).post('/properties', { ...body, status: 'SOLD' }).expect(201)).body.id;
    });

    it.each([
      ['q', '%', 'percent'],
      ['q', '_', 'underscore'],
      ['q', '\\', 'backslash'],
      ['zone', 'zona 50%', 'percent'],
      ['zone', 'villa_urquiza', 'underscore'],
      ['zone', 'barrio\\norte', 'backslash'],
    ])('%s=%j finds only the properties that literally hold it', async (param, value, key) => {
      const { body } = await as(local.agent.auth).get(`/properties?${param}=${encodeURIComponent(value)}`).expect(200);
      expect(body.items.map((item: { id: string }) => item.id)).toEqual([ids[key]]);
    });

    it('matches no zone for a lone wildcard', async () => {
      for (const zone of ['%', '_']) expect((await as(local.agent.auth).get(`/properties?zone=${encodeURIComponent(zone)}`).expect(200)).body.items).toEqual([]);
    });
  });
});
