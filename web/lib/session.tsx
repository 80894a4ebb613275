'use client';

import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { TenantPicker } from '../components/tenant-picker';
import type { z } from 'zod';
import type { meResponse } from '../../api/contracts/auth.schemas';
import { api, ApiProblem } from './api';

type Me = z.infer<typeof meResponse>;
export type Role = Extract<Me, { kind: 'user' }>['user']['role'];

export interface Session {
  user: { id: string; email: string; name: string; role: Role };
  tenant: { id: string; name: string; slug: string; timeZone: string };
  /** A platform superadmin working in the agency it picked. */
  platform: boolean;
  /** Where the platform operator follows workflows; null for agency staff and when no Temporal Web UI is configured. */
  temporalUi: Me['temporalUi'];
}

const SessionContext = createContext<Session | null>(null);

function sessionOf(me: Me): Session {
  if (me.kind === 'user') return { user: me.user, tenant: me.tenant, platform: false, temporalUi: me.temporalUi };
  return { user: { id: 'platform', email: '', name: 'Superadmin', role: 'OWNER' }, tenant: me.tenant, platform: true, temporalUi: me.temporalUi };
}

/** Loads who is signed in (an expired session sends the browser to sign-in; a superadmin first picks an agency). */
export function SessionProvider({ children, fallback }: { children: ReactNode; fallback: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [mustPick, setMustPick] = useState(false);
  useEffect(() => {
    api<Me>('/me').then(
      (me) => setSession(sessionOf(me)),
      (error: unknown) => setMustPick(error instanceof ApiProblem && (error.status === 400 || error.status === 404)),
    );
  }, []);
  if (mustPick) return <TenantPicker />;
  return session ? <SessionContext.Provider value={session}>{children}</SessionContext.Provider> : <>{fallback}</>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

export const isManager = (role: Role) => role === 'OWNER' || role === 'ADMIN';
