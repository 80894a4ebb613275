import type { Client } from '@temporalio/client';
import { readSendProgress } from '../../services/sends/send-progress';
import { sendParams, sendProgressSchema } from '../contracts/leads.schemas';
import { route, type RouteSpec } from '../http/route';

/** `GET <path>/:requestId`: where a send asked for on a lead stands, read from its workflow (named by the agency and the request). */
export function sendProgressRoute(temporal: Client, spec: { path: string; what: string; tag: string; workflowId: (tenantId: string, requestId: string) => string }): RouteSpec {
  return route({
    method: 'get',
    path: `${spec.path}/:requestId`,
    summary: `Where the ${spec.what} asked for with this requestId stands: preparing, sent, delivered or read, or why it failed or was skipped`,
    tag: spec.tag,
    access: { scope: 'tenant', roles: ['OWNER', 'ADMIN', 'AGENT'] },
    params: sendParams,
    response: sendProgressSchema,
    handler: ({ params, req }) => readSendProgress(temporal, spec.workflowId(req.tenant!.id, params.requestId), params.id),
  });
}
