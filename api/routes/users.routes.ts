import type { Database } from '../../prisma/client';
import type { User } from '../../prisma/generated/client';
import type { Principal } from '../auth/principal';
import { AppError } from '../../domain/app-error';
import { route, type RouteSpec } from '../http/route';
import { STAFF , MANAGERS } from '../http/access-roles';
import { idParams } from '../http/schemas';
import { availabilityBody, createUserBody, listUsersQuery, updateUserBody, userListSchema, userSchema } from '../contracts/users.schemas';
import { findUser, withoutSecrets } from '../../services/users/user-rules';
import { inviteUser } from '../../services/users/invite-user';
import { changeUser } from '../../services/users/change-user';
import { setUserAvailability } from '../../services/users/set-user-availability';

export function userView(user: User) {
  return withoutSecrets(user);
}

/** The role of the user making a change; the platform and API keys have none. */
const actingRole = (principal: Principal | undefined) => (principal?.kind === 'user' ? principal.role : undefined);

export function userRoutes({ db }: { db: Database }): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/users',
      summary: "The agency's users (agents need it to transfer conversations)",
      tag: 'users',
      access: { scope: 'tenant', roles: STAFF },
      query: listUsersQuery,
      response: userListSchema,
      async handler({ query }) {
        const users = await db.forCurrentTenant((tx) => tx.user.findMany({ where: query, orderBy: [{ name: 'asc' }, { id: 'asc' }] }));
        return { items: users.map(userView) };
      },
    }),
    route({
      method: 'post',
      path: '/users',
      summary: 'Invite a user with a role and an initial password',
      tag: 'users',
      access: { scope: 'tenant', roles: MANAGERS },
      body: createUserBody,
      status: 201,
      response: userSchema,
      async handler({ body, principal }) {
        return userView(await inviteUser({ db }, actingRole(principal), body));
      },
    }),
    route({
      method: 'get',
      path: '/users/:id',
      summary: 'One user',
      tag: 'users',
      access: { scope: 'tenant', roles: STAFF },
      params: idParams,
      response: userSchema,
      async handler({ params }) {
        return userView(await db.forCurrentTenant((tx) => findUser(tx, params.id)));
      },
    }),
    route({
      method: 'patch',
      path: '/users/:id',
      summary: 'Change name, role, capacity, availability or password; deactivating signs the user out',
      tag: 'users',
      access: { scope: 'tenant', roles: MANAGERS },
      params: idParams,
      body: updateUserBody,
      response: userSchema,
      async handler({ params, body, principal }) {
        return userView(await changeUser({ db }, actingRole(principal), params.id, body));
      },
    }),
    route({
      method: 'delete',
      path: '/users/:id',
      summary: 'Deactivate a user (kept for history: leads, messages and audit entries still name them)',
      tag: 'users',
      access: { scope: 'tenant', roles: MANAGERS },
      params: idParams,
      status: 204,
      async handler({ params, principal }) {
        await changeUser({ db }, actingRole(principal), params.id, { active: false });
      },
    }),
    route({
      method: 'put',
      path: '/me/availability',
      summary: 'Set my availability for conversation assignment',
      tag: 'users',
      access: { scope: 'tenant', roles: STAFF },
      body: availabilityBody,
      response: userSchema,
      async handler({ body, principal }) {
        if (principal?.kind !== 'user') throw new AppError('forbidden', 'Only users have an availability');
        return userView(await setUserAvailability({ db }, principal.userId, body.availability));
      },
    }),
  ];
}
