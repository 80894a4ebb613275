import fc from 'fast-check';
import request from 'supertest';
import { platformBearer, startTestApi, type TestApi } from '../api-harness';
import { startTestWorker, workerDeps, type RunningWorker } from '../harness';
import { contractChecker } from './contract-check';
import { createFuzzAgency, ownerBearer, type FuzzAgency } from './fuzz-agency';
import { requestCaseArbitrary, type OpenApiOperation, type RequestCase } from './request-cases';
import { fuzzBudget } from './fuzz-budget';

/** Long-lived by design (server-sent event streams); their bounds are tested next to their routes. */
const STREAMS = new Set(['get /inbox/stream', 'get /campaigns/{id}/stream']);

describe('the API contract under fuzzed input', () => {
  const budget = fuzzBudget();
  let api: TestApi;
  let worker: RunningWorker;
  let platform: string;
  let operations: [string, string, OpenApiOperation][];
  const check = contractChecker();

  beforeAll(async () => {
    api = await startTestApi();
    const taskQueue = api.deps.config.temporal.taskQueue;
    worker = await startTestWorker(taskQueue, workerDeps(api.db, api.temporal, taskQueue));
    platform = await platformBearer(api.db);
    const document = (await request(api.app).get('/api/openapi.json').expect(200)).body as { paths: Record<string, Record<string, OpenApiOperation>> };
    operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]): [string, string, OpenApiOperation] => [method, path, operation]));
  });

  afterAll(async () => {
    await worker.stop();
    await api.close();
  });

  async function send(method: string, agency: FuzzAgency, operation: OpenApiOperation, given: RequestCase) {
    const url = `/api${given.path}${given.query ? `?${given.query}` : ''}`;
    let call = request(api.app)[method as 'get'](url).timeout(15_000).set(given.headers);
    const platformOnly = operation.description?.startsWith('Platform');
    if (given.credential === 'principal') call = call.set('Authorization', platformOnly ? platform : await ownerBearer(api.db, agency));
    if (given.credential === 'api_key') call = call.set('X-Api-Key', agency.apiKey);
    if (given.credential === 'forged') call = call.set('Authorization', 'Bearer forged.token.value');
    if (given.body && 'json' in given.body) call = call.set('Content-Type', 'application/json').send(JSON.stringify(given.body.json));
    else if (given.body) call = call.set('Content-Type', given.body.contentType).send(given.body.raw);
    const started = Date.now();
    const response = await call.ok(() => true);
    return { status: response.status, contentType: response.headers['content-type'], body: response.body, elapsedMs: Date.now() - started };
  }

  it(`answers every operation within its contract (${budget.runs} cases each, seed ${budget.seed})`, async () => {
    const failures: string[] = [];
    let requests = 0;
    for (const [method, path, operation] of operations) {
      const key = `${method} ${path}`;
      if (STREAMS.has(key)) continue;
      const agency = await createFuzzAgency(api.db);
      const result = await fc.check(
        fc.asyncProperty(requestCaseArbitrary(path, operation, agency.ids), async (given) => {
          requests += 1;
          const problem = check({ method, path, responses: operation.responses }, await send(method, agency, operation, given));
          if (problem) throw new Error(problem);
        }),
        { numRuns: budget.runs, seed: budget.seed, endOnFailure: true },
      );
      if (result.failed) failures.push(`${key}: ${(result.errorInstance as Error | undefined)?.message} — with ${JSON.stringify(result.counterexample?.[0]).slice(0, 400)}`);
    }
    console.log(`API fuzz: ${operations.length} operations, ${requests} requests, ${failures.length} failing\n${failures.join('\n')}`);
    expect(failures).toEqual([]);
  }, 30 * 60_000);
});
