'use client';

import { Building2, LayoutDashboard, Megaphone, MessageCircle, Settings, Users, type LucideIcon } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useState, type ReactNode } from 'react';
import { actIn } from '../lib/acting-tenant';
import { api } from '../lib/api';
import { useI18n } from '../lib/i18n';
import type { MessageKey } from '../lib/messages';
import { isManager, useSession } from '../lib/session';

const LINKS: { href: string; label: MessageKey; icon: LucideIcon; managersOnly?: boolean }[] = [
  { href: '/', label: 'nav.dashboard', icon: LayoutDashboard },
  { href: '/inbox', label: 'nav.inbox', icon: MessageCircle },
  { href: '/leads', label: 'nav.leads', icon: Users },
  { href: '/properties', label: 'nav.properties', icon: Building2 },
  { href: '/campaigns', label: 'nav.campaigns', icon: Megaphone, managersOnly: true },
  { href: '/settings', label: 'nav.settings', icon: Settings, managersOnly: true },
];

/** Navigation for the signed-in user's role, the agency's name, language and sign-out. */
export function AppShell({ children }: { children: ReactNode }) {
  const { t, locale, setLocale } = useI18n();
  const { user, tenant, platform } = useSession();
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const current = (href: string) => (href === '/' ? pathname === '/' : pathname.startsWith(href));

  async function signOut() {
    await api('/auth/logout', { method: 'POST' }).catch(() => undefined);
    document.cookie = 'astor_tenant=; path=/; max-age=0; samesite=lax';
    window.location.assign('/login');
  }

  return (
    <div className="shell">
      <header className="sidebar">
        <div className="brand">Astor</div>
        <div className="agency">
          {tenant.name} · {platform ? t('platform.superadmin') : user.name}
        </div>
        <button type="button" className="menu-toggle" aria-expanded={open} aria-controls="main-nav" onClick={() => setOpen(!open)}>
          {t('nav.menu')}
        </button>
        <nav id="main-nav" aria-label={t('nav.menu')} className={open ? 'open' : undefined}>
          {LINKS.filter((link) => !link.managersOnly || isManager(user.role)).map((link) => (
            <Link key={link.href} href={link.href} aria-current={current(link.href) ? 'page' : undefined} onClick={() => setOpen(false)}>
              <link.icon className="icon" aria-hidden="true" /> {t(link.label)}
            </Link>
          ))}
          <div className="spacer" />
          {platform ? (
            <button type="button" onClick={() => actIn(null)}>
              {t('platform.switch')}
            </button>
          ) : null}
          <button type="button" onClick={() => setLocale(locale === 'es' ? 'en' : 'es')}>
            {t('nav.language')}
          </button>
          <button type="button" onClick={signOut}>
            {t('nav.signOut')}
          </button>
        </nav>
      </header>
      <main className="content">{children}</main>
    </div>
  );
}

/** Pages for owners and admins: an agent sees a plain refusal, not the page. */
export function ManagersOnly({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { user } = useSession();
  if (!isManager(user.role)) {
    return (
      <>
        <h1>{t('common.noAccessTitle')}</h1>
        <p role="alert" className="alert">
          {t('common.noAccess')}
        </p>
      </>
    );
  }
  return <>{children}</>;
}
