import request from 'supertest';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { adminQuery } from '../testing/harness';
import { createStaffedTenant, startTestApi, type TestApi } from '../testing/api-harness';
import { eventually } from '../testing/eventually';
import { configureWhatsAppChannel, startWhatsAppStack, type TestNumber } from '../testing/whatsapp-harness';
import { otlpTracesUrl, startTracing, type Tracing } from './tracing';

const APP_SECRET = 'astor-development-app-secret';

/** Between the Temporal start and the activity: the workflow's own spans when they are on, nothing when the workflow only carries the trace. */
const THROUGH_THE_WORKFLOW = { withWorkflowSpans: ['StartActivity:sendMessage', 'RunWorkflow:propertyCardWorkflow'], carriedOnly: [] };

describe.each([
  ['carried through the workflow (the default)', false],
  ['with workflow spans (OTEL_WORKFLOW_SPANS)', true],
])('tracing, %s: one trace from the API request through the workflow and its activities to the provider call', (_mode, workflowSpans) => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let api: TestApi;
  let stack: Awaited<ReturnType<typeof startWhatsAppStack>>;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  let number: TestNumber;

  beforeAll(async () => {
    tracing = startTracing({ workflowSpans }, 'api', exporter)!;
    api = await startTestApi({ tracing });
    staff = await createStaffedTenant(api.db, 'Trazas');
    number = await configureWhatsAppChannel(api.db, staff.tenant.id, APP_SECRET);
    stack = await startWhatsAppStack(api, [number], { statuses: [] });
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    await api?.close();
    await tracing?.shutdown();
  });

  it('links the server span, the workflow start, the workflow and activity spans and the WhatsApp call in one trace', async () => {
    const phone = '+5491140000077';
    const call = (method: 'post', path: string) => request(api.app)[method](`/api${path}`).set('Authorization', staff.admin.auth);
    const { body: lead } = await call('post', '/leads').send({ phone, name: 'Traza' }).expect(201);
    // The lead wrote within WhatsApp's 24-hour window, so the card may go out.
    await adminQuery(`UPDATE "Lead" SET "lastInboundAt" = now() WHERE id = $1`, [lead.id]);
    const { body: property } = await call('post', '/properties').send({ title: 'Depto en Núñez', price: 120000, currency: 'USD', operation: 'SALE', type: 'APARTMENT', zone: 'Núñez' }).expect(201);
    exporter.reset();

    const sent = await call('post', `/leads/${lead.id}/property-cards`).send({ propertyId: property.id }).expect(202);
    await eventually(() => stack.fake.sentTo(phone), (messages) => messages.length === 1, 20_000, 100);
    const spans = await eventually(
      () => exporter.getFinishedSpans(),
      (finished) => finished.some((span) => span.name === 'RunActivity:sendMessage') && (!workflowSpans || finished.some((span) => span.name === 'RunWorkflow:propertyCardWorkflow')),
      20_000,
      100,
    );

    const server = spans.find((span) => span.kind === SpanKind.SERVER && span.name === 'POST /api/leads/:id/property-cards');
    expect(server).toBeDefined();
    expect(server!.attributes).toMatchObject({ 'http.route': '/api/leads/:id/property-cards', 'http.response.status_code': 202, 'astor.request_id': sent.headers['x-request-id'] });
    const inTrace = spans.filter((span) => span.spanContext().traceId === server!.spanContext().traceId);
    const names = inTrace.map((span) => span.name);
    expect(names).toEqual(expect.arrayContaining(['StartWorkflow:propertyCardWorkflow', 'RunActivity:planPropertyCard', 'RunActivity:sendMessage', 'whatsapp_cloud POST']));
    expect(names.includes('RunWorkflow:propertyCardWorkflow')).toBe(workflowSpans);

    // Parent by parent, the provider call leads back to the request.
    const byId = new Map(inTrace.map((span) => [span.spanContext().spanId, span]));
    const ancestry = (span: ReadableSpan): string[] => {
      const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
      return parent ? [span.name, ...ancestry(parent)] : [span.name];
    };
    const providerCall = inTrace.find((span) => span.name === 'whatsapp_cloud POST')!;
    const through = workflowSpans ? THROUGH_THE_WORKFLOW.withWorkflowSpans : THROUGH_THE_WORKFLOW.carriedOnly;
    expect(ancestry(providerCall)).toEqual(['whatsapp_cloud POST', 'RunActivity:sendMessage', ...through, 'StartWorkflow:propertyCardWorkflow', 'POST /api/leads/:id/property-cards']);
    expect(providerCall.kind).toBe(SpanKind.CLIENT);
    expect(providerCall.attributes).toEqual({ 'astor.provider': 'whatsapp_cloud', 'http.request.method': 'POST', 'http.response.status_code': 200, 'astor.provider.outcome': 'ok' });

    // Spans name routes, workflow types and providers: never the phone number, a token or a URL.
    const everything = JSON.stringify(inTrace.map((span) => ({ name: span.name, attributes: span.attributes, events: span.events })));
    expect(everything).not.toContain(phone.slice(1));
    expect(everything).not.toContain(number.accessToken);
    expect(everything).not.toContain('http://');
  }, 60_000);
});

it('derives the OTLP/HTTP traces URL from a collector base URL', () => {
  expect(otlpTracesUrl('http://collector:4318')).toBe('http://collector:4318/v1/traces');
  expect(otlpTracesUrl('https://collector.example.com/otlp/')).toBe('https://collector.example.com/otlp/v1/traces');
});
