import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

interface ResponseObject {
  content?: Record<string, { schema?: object }>;
}

export interface Operation {
  method: string;
  path: string;
  responses: Record<string, ResponseObject>;
}

export interface Answer {
  status: number;
  contentType: string | undefined;
  body: unknown;
  elapsedMs: number;
}

/** Slower than this is a failure: a client (or Meta) would have given up. */
export const MAX_RESPONSE_MS = 5_000;

/** Checks answers against what the OpenAPI document declares for their operation. */
export function contractChecker() {
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  addFormats(ajv);
  const compiled = new Map<string, ValidateFunction>();
  const validatorFor = (key: string, schema: object) => {
    if (!compiled.has(key)) compiled.set(key, ajv.compile(schema));
    return compiled.get(key)!;
  };

  /** What is wrong with an answer, if anything. */
  return function check(operation: Operation, answer: Answer): string | undefined {
    if (answer.elapsedMs > MAX_RESPONSE_MS) return `answered after ${answer.elapsedMs} ms`;
    const declared = operation.responses[String(answer.status)];
    if (answer.status >= 500 && !declared) return `answered ${answer.status}`;
    if (answer.status >= 400 && !answer.contentType?.startsWith('application/problem+json')) return `error ${answer.status} is ${answer.contentType ?? 'without a body'}, not problem+json`;
    if (!declared) return `answered ${answer.status}, which the contract does not declare`;
    const [mediaType, media] = Object.entries(declared.content ?? {})[0] ?? [];
    if (!mediaType || !media?.schema) return undefined;
    const validate = validatorFor(`${operation.method} ${operation.path} ${answer.status}`, media.schema);
    if (validate(answer.body)) return undefined;
    const [first] = validate.errors ?? [];
    return `${answer.status} body does not match the declared schema: ${first?.instancePath || '(root)'} ${first?.message ?? ''}`;
  };
}
