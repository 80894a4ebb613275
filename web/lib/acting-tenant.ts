'use client';

/** The agency a superadmin works in, remembered in a cookie the web app's API proxy reads. */
export function actIn(slug: string | null): void {
  document.cookie = slug ? `astor_tenant=${encodeURIComponent(slug)}; path=/; samesite=lax` : 'astor_tenant=; path=/; max-age=0; samesite=lax';
  window.location.assign('/');
}
