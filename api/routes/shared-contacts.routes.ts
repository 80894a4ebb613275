import { z } from 'zod';
import type { Database } from '../../prisma/client';
import { route, type RouteSpec } from '../http/route';
import { STAFF } from '../http/access-roles';
import { addReferredLead } from '../../services/leads/add-referred-lead';
import { leadView } from '../views/lead-view';
import { leadSchema } from '../contracts/leads.schemas';

const params = z.strictObject({ id: z.uuid(), index: z.coerce.number().int().min(0).max(50) });

/** A contact card a contact shared, turned into a lead of the agency: a referral of the contact who sent it. */
export function sharedContactRoutes({ db }: { db: Database }): RouteSpec[] {
  return [
    route({
      method: 'post',
      path: '/messages/:id/contacts/:index/lead',
      summary: 'Create a lead (origin REFERRAL) from a contact card a contact shared; one already known by its phone is a 409 naming it',
      tag: 'inbox',
      access: { scope: 'tenant', roles: STAFF },
      params,
      response: leadSchema,
      status: 201,
      async handler({ params: { id, index }, req }) {
        return leadView(await addReferredLead({ db }, id, index, req.tenant!.settings));
      },
    }),
  ];
}
