'use client';

import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { api } from './api';

export type Role = 'OWNER' | 'ADMIN' | 'AGENT';

export interface Session {
  user: { id: string; email: string; name: string; role: Role };
  tenant: { id: string; name: string; slug: string; timeZone: string };
}

const SessionContext = createContext<Session | null>(null);

/** Loads who is signed in (an expired session sends the browser to sign-in). */
export function SessionProvider({ children, fallback }: { children: ReactNode; fallback: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  useEffect(() => {
    api<Session & { kind: string }>('/me').then(setSession, () => undefined);
  }, []);
  return session ? <SessionContext.Provider value={session}>{children}</SessionContext.Provider> : <>{fallback}</>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

export const isManager = (role: Role) => role === 'OWNER' || role === 'ADMIN';
