'use client';

import { useState, type FormEvent } from 'react';
import { TextField } from '../../components/field';
import { api, ApiProblem } from '../../lib/api';
import { useI18n } from '../../lib/i18n';

export default function LoginPage() {
  const { t } = useI18n();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const tenant = String(form.get('tenant') ?? '').trim();
    setBusy(true);
    setError(undefined);
    try {
      await api('/auth/login', { method: 'POST', body: { email: form.get('email'), password: form.get('password'), ...(tenant ? { tenant } : {}) } });
      const next = new URLSearchParams(window.location.search).get('next');
      window.location.assign(next?.startsWith('/') ? next : '/');
    } catch (problem) {
      setError(problem instanceof ApiProblem && problem.status === 401 ? t('login.failed') : problem instanceof Error ? problem.message : t('common.error'));
      setBusy(false);
    }
  }

  return (
    <main className="login card">
      <h1>{t('login.title')}</h1>
      <p className="muted">{t('app.tagline')}</p>
      <form onSubmit={submit} noValidate>
        <TextField label={t('login.email')} name="email" type="email" autoComplete="username" required />
        <TextField label={t('login.password')} name="password" type="password" autoComplete="current-password" required />
        <TextField label={t('login.agency')} name="tenant" autoComplete="organization" />
        {error ? (
          <p role="alert" className="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </main>
  );
}
