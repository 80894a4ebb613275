'use client';

import type { ReactNode } from 'react';
import { AppShell } from '../../components/app-shell';
import { Loading } from '../../components/states';
import { SessionProvider } from '../../lib/session';

export default function SignedInLayout({ children }: { children: ReactNode }) {
  return (
    <SessionProvider
      fallback={
        <main className="content">
          <Loading />
        </main>
      }
    >
      <AppShell>{children}</AppShell>
    </SessionProvider>
  );
}
