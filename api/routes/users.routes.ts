import { hashPassword } from '../../domain/passwords';
import type { Database, TenantTx } from '../../prisma/client';
import { recordAudit } from '../../prisma/audit-log';
import type { User, UserRole } from '../../prisma/generated/client';
import { tenantContext } from '../../prisma/tenant-context';
import type { Principal } from '../auth/principal';
import { AppError } from '../../domain/app-error';
import { route, type RouteSpec } from '../http/route';
import { STAFF , MANAGERS } from '../http/access-roles';
import { idParams } from '../http/schemas';
import { availabilityBody, createUserBody, listUsersQuery, updateUserBody, type UpdateUserBody, userListSchema, userSchema } from '../contracts/users.schemas';


export function userView({ tenantId: _tenantId, passwordHash: _passwordHash, ...user }: User) {
  return user;
}

async function findUser(tx: TenantTx, id: string): Promise<User> {
  const user = await tx.user.findUnique({ where: { id } });
  if (!user) throw new AppError('not_found', 'No such user in this agency');
  return user;
}

/** Only an owner (or the platform) may create, change or promote owners. */
function assertMayManage(principal: Principal | undefined, roles: (UserRole | undefined)[]): void {
  if (principal?.kind === 'user' && principal.role !== 'OWNER' && roles.includes('OWNER')) {
    throw new AppError('forbidden', 'Only an owner may manage owners');
  }
}

async function assertKeepsAnOwner(tx: TenantTx, user: User, change: { role?: UserRole; active?: boolean }): Promise<void> {
  const losesOwner = user.role === 'OWNER' && user.active && ((change.role && change.role !== 'OWNER') || change.active === false);
  if (!losesOwner) return;
  const owners = await tx.user.count({ where: { role: 'OWNER', active: true } });
  if (owners <= 1) throw new AppError('conflict', 'The agency must keep at least one active owner', { es: 'La inmobiliaria debe conservar al menos un dueño activo' });
}

export function userRoutes({ db }: { db: Database }): RouteSpec[] {
  const revokeSessions = (userId: string) => db.prisma.authSession.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });

  async function changeUser(principal: Principal | undefined, id: string, change: UpdateUserBody) {
    const { password, ...fields } = change;
    const user = await db.forCurrentTenant(async (tx) => {
      const before = await findUser(tx, id);
      assertMayManage(principal, [before.role, fields.role]);
      await assertKeepsAnOwner(tx, before, fields);
      const after = await tx.user.update({ where: { id }, data: { ...fields, ...(password ? { passwordHash: await hashPassword(password) } : {}) } });
      await recordAudit(tx, { action: fields.active === false ? 'deactivate' : 'update', entity: 'User', entityId: id, before: userView(before), after: { ...userView(after), passwordChanged: Boolean(password) } });
      return after;
    });
    if (!user.active || password) await revokeSessions(user.id);
    return userView(user);
  }

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
        assertMayManage(principal, [body.role]);
        const { password, ...fields } = body;
        const passwordHash = await hashPassword(password);
        const user = await db.forCurrentTenant(async (tx) => {
          const created = await tx.user.create({ data: { ...fields, passwordHash, tenantId: tenantContext.require('create user').tenantId } });
          await recordAudit(tx, { action: 'create', entity: 'User', entityId: created.id, after: userView(created) });
          return created;
        });
        return userView(user);
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
      handler: ({ params, body, principal }) => changeUser(principal, params.id, body),
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
        await changeUser(principal, params.id, { active: false });
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
        const user = await db.forCurrentTenant(async (tx) => {
          const before = await findUser(tx, principal.userId);
          const after = await tx.user.update({ where: { id: principal.userId }, data: { availability: body.availability } });
          await recordAudit(tx, { action: 'update', entity: 'User', entityId: after.id, before: { availability: before.availability }, after: { availability: after.availability } });
          return after;
        });
        return userView(user);
      },
    }),
  ];
}
