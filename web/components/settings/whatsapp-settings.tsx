'use client';

import { useEffect, useState, type FormEvent } from 'react';
import { SelectField, TextField } from '../field';
import { Loading, ProblemMessage } from '../states';
import { api } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { Outcome } from '../outcome';
import { useI18n } from '../../lib/i18n';
import { useApi } from '../../lib/use-api';
import type { MessageKey } from '../../lib/messages';
import { StatusBadge, ToneBadge } from '../ui/status-badge';
import type { Tone } from '../../lib/status-tones';

const API_TYPES = ['BUSINESS_API', 'WHATSAPP_WEB'] as const;
/** While the bridge shows a QR code or is starting, the session is read again this often to notice the scan. */
const SESSION_POLL_MS = 3_000;

interface Channel {
  configured: boolean;
  apiType: (typeof API_TYPES)[number];
  fallbackToWeb: boolean;
  phoneNumberId: string | null;
  /** The WhatsApp Business Account (WABA) holding the number's templates. */
  businessAccountId: string | null;
  displayPhoneNumber: string | null;
  status: string;
  accessToken?: string | null;
}

type ProbeOutcome = { ok: true; displayPhoneNumber: string } | { ok: false; reason: string; code?: string };

interface WebSession {
  status: 'NONE' | 'STARTING' | 'SCAN_QR' | 'CONNECTED' | 'DISCONNECTED';
  phone: string | null;
  qrImage: string | null;
}

const SESSION_TONE: Record<WebSession['status'], Tone> = { NONE: 'neutral', STARTING: 'progress', SCAN_QR: 'warning', CONNECTED: 'positive', DISCONNECTED: 'negative' };

/** Which channel sends the agency's messages, and whether WhatsApp Web backs the Business API up; applied as chosen. */
function ChannelMode({ channel, onSaved }: { channel?: Channel; onSaved: () => Promise<void> }) {
  const { t } = useI18n();
  const action = useAction();
  const [mode, setMode] = useState({ apiType: channel?.apiType ?? 'BUSINESS_API', fallbackToWeb: channel?.fallbackToWeb ?? false });

  async function change(next: typeof mode) {
    setMode(next);
    if (await action.run(() => api('/channels/whatsapp/mode', { method: 'PUT', body: next }), t('settings.saved'))) await onSaved();
    else setMode(mode);
  }

  return (
    <fieldset data-testid="whatsapp-mode">
      <SelectField
        label={t('settings.channelType')}
        name="apiType"
        value={mode.apiType}
        onChange={(event) => void change({ ...mode, apiType: event.target.value as Channel['apiType'] })}
        error={action.problem?.field('apiType')}
        options={API_TYPES.map((type) => ({ value: type, label: t(`settings.channelType.${type}` as MessageKey) }))}
      />
      <label>
        <input type="checkbox" name="fallbackToWeb" checked={mode.fallbackToWeb} onChange={(event) => void change({ ...mode, fallbackToWeb: event.target.checked })} /> {t('settings.fallbackToWeb')}
      </label>
      {action.problem ? <Outcome problem={action.problem} /> : null}
    </fieldset>
  );
}

/** The WhatsApp Web session: link a phone by QR code (the status is polled until the scan), or unlink it. */
function WebSessionPanel() {
  const { t } = useI18n();
  const session = useApi<WebSession>('/channels/whatsapp/web-session');
  const action = useAction();
  const status = session.data?.status;
  const { reload } = session;

  useEffect(() => {
    if (status !== 'SCAN_QR' && status !== 'STARTING') return;
    const timer = setInterval(() => void reload(), SESSION_POLL_MS);
    return () => clearInterval(timer);
  }, [status, reload]);

  const change = (method: 'POST' | 'DELETE') => action.run(async () => {
    await api('/channels/whatsapp/web-session', { method });
    await reload();
  });

  if (session.error) return <ProblemMessage problem={session.error} />;
  if (!session.data) return <Loading />;
  const current = session.data;
  return (
    <div data-testid="whatsapp-web-session">
      <p aria-live="polite">
        {t('settings.status')}: <ToneBadge tone={SESSION_TONE[current.status]} text={t(`settings.webSession.status.${current.status}` as MessageKey)} />{' '}
        {current.phone ? t('settings.webSession.connectedAs', { phone: current.phone }) : ''}
      </p>
      {current.qrImage ? (
        <figure>
          <img src={current.qrImage} alt={t('settings.webSession.qrAlt')} width={240} height={240} />
          <figcaption>{t('settings.webSession.scan')}</figcaption>
        </figure>
      ) : null}
      <Outcome problem={action.problem} done={action.done} />
      <div className="row">
        {current.status === 'NONE' || current.status === 'DISCONNECTED' ? (
          <button type="button" onClick={() => void change('POST')}>
            {t('settings.webSession.start')}
          </button>
        ) : (
          <button type="button" className="secondary" onClick={() => void change('DELETE')}>
            {t('settings.webSession.disconnect')}
          </button>
        )}
      </div>
    </div>
  );
}

export function WhatsAppSettings() {
  const { t } = useI18n();
  const channel = useApi<Channel>('/channels/whatsapp');
  const action = useAction();
  const [probe, setProbe] = useState<ProbeOutcome>();
  const [busy, setBusy] = useState(false);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const token = text('accessToken');
    // Cleared, the account is removed; not asked (WhatsApp Web), the saved one is kept.
    const account = form.has('businessAccountId') ? { businessAccountId: text('businessAccountId') || null } : {};
    const body = { phoneNumberId: text('phoneNumberId'), ...account, ...(token ? { accessToken: token } : {}) };
    // While saving, Probar conexión waits: it would test the credentials being replaced.
    setBusy(true);
    if (await action.run(() => api('/channels/whatsapp', { method: 'PUT', body }), t('settings.saved'))) await channel.reload();
    setBusy(false);
  }

  async function test() {
    setBusy(true);
    await action.run(async () => {
      setProbe(await api<ProbeOutcome>('/channels/whatsapp/test', { method: 'POST' }));
      await channel.reload();
    });
    setBusy(false);
  }

  if (channel.error) return <ProblemMessage problem={channel.error} />;
  if (!channel.data) return <Loading />;
  const current = channel.data?.configured ? channel.data : undefined;
  return (
    <>
      <ChannelMode key={`${current?.apiType}:${current?.fallbackToWeb}`} channel={current} onSaved={channel.reload} />
      <h3>{t('settings.businessApi')}</h3>
      {current ? (
        <p>
          {t('settings.status')}: <StatusBadge kind="channelStatus" code={current.status} /> {current.displayPhoneNumber ?? ''}
        </p>
      ) : null}
      {current?.apiType === 'BUSINESS_API' ? (
        <p className={current.businessAccountId ? undefined : 'alert'} data-testid="business-account">
          {current.businessAccountId ? t('settings.businessAccountSaved', { id: current.businessAccountId }) : t('settings.businessAccountMissing')}
        </p>
      ) : null}
      <form onSubmit={save} noValidate>
        <TextField label={t('settings.phoneNumberId')} name="phoneNumberId" inputMode="numeric" defaultValue={current?.phoneNumberId ?? ''} error={action.problem?.field('phoneNumberId')} />
        {(current?.apiType ?? 'BUSINESS_API') === 'BUSINESS_API' ? (
          <TextField
            label={t('settings.businessAccountId')}
            name="businessAccountId"
            inputMode="numeric"
            defaultValue={current?.businessAccountId ?? ''}
            hint={t('settings.businessAccountIdHint')}
            error={action.problem?.field('businessAccountId')}
          />
        ) : null}
        <TextField
          label={t('settings.accessToken')}
          name="accessToken"
          type="password"
          autoComplete="off"
          error={action.problem?.field('accessToken')}
          hint={current?.accessToken ? t('settings.tokenKept', { masked: current.accessToken }) : undefined}
        />
        <Outcome problem={action.problem} done={action.done} />
        <div className="row">
          <button type="submit" disabled={busy}>
            {t('common.save')}
          </button>
          <button type="button" className="secondary" onClick={test} disabled={busy || !current}>
            {t('settings.test')}
          </button>
        </div>
      </form>
      {probe ? (
        <p role="status" className={probe.ok ? 'notice' : 'alert'} data-testid="probe-result">
          {probe.ok ? t('settings.testOk', { number: probe.displayPhoneNumber }) : t('settings.testFailed', { reason: probe.reason })}
        </p>
      ) : null}
      <h3>{t('settings.webSession')}</h3>
      <WebSessionPanel />
    </>
  );
}
