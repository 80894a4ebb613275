'use client';

import { useState } from 'react';
import { useI18n } from '../../lib/i18n';
import type { MessageKey } from '../../lib/messages';
import type { ApiProblem } from '../../lib/api';
import { SelectField, TextField } from '../field';

const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

/** Reads the schedule and quiet hours the fields below describe, as the API expects them. */
export function scheduleFrom(form: FormData): { schedule: object; quietHours?: { start: string; end: string } } {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  const kind = text('scheduleKind');
  const frequency = text('frequency');
  const schedule =
    kind === 'at'
      ? { kind, at: text('at') }
      : kind === 'recurring'
        ? { kind, frequency, time: text('time'), ...(frequency === 'weekly' ? { daysOfWeek: form.getAll('days').map(String) } : {}), ...(frequency === 'monthly' ? { dayOfMonth: Number(text('dayOfMonth')) } : {}) }
        : { kind: 'now' };
  const quiet = { start: text('quietStart'), end: text('quietEnd') };
  return { schedule, ...(quiet.start && quiet.end ? { quietHours: quiet } : {}) };
}

export function ScheduleFields({ problem }: { problem?: ApiProblem }) {
  const { t } = useI18n();
  const [kind, setKind] = useState('now');
  const [frequency, setFrequency] = useState('weekly');
  const error = (path: string) => problem?.errors.find((item) => item.path.startsWith(path))?.message;
  return (
    <section className="card" aria-labelledby="schedule-title">
      <h2 id="schedule-title">{t('campaigns.schedule')}</h2>
      <SelectField
        label={t('campaigns.scheduleKind')}
        name="scheduleKind"
        value={kind}
        onChange={(event) => setKind(event.target.value)}
        options={(['now', 'at', 'recurring'] as const).map((value) => ({ value, label: t(`campaigns.${value}`) }))}
      />
      {kind === 'at' ? <TextField label={t('campaigns.atField')} name="at" type="datetime-local" required error={error('schedule.at')} /> : null}
      {kind === 'recurring' ? (
        <div className="grid">
          <SelectField label={t('campaigns.frequency')} name="frequency" value={frequency} onChange={(event) => setFrequency(event.target.value)} options={(['daily', 'weekly', 'monthly'] as const).map((value) => ({ value, label: t(`campaigns.${value}`) }))} />
          <TextField label={t('campaigns.time')} name="time" type="time" defaultValue="10:00" error={error('schedule.time')} />
          {frequency === 'monthly' ? <TextField label={t('campaigns.dayOfMonth')} name="dayOfMonth" type="number" min={1} max={28} defaultValue={1} error={error('schedule.dayOfMonth')} /> : null}
          {frequency === 'weekly' ? (
            <fieldset>
              <legend>{t('campaigns.days')}</legend>
              {DAYS.map((day) => (
                <label key={day} className="check">
                  <input type="checkbox" name="days" value={day} defaultChecked={day === 'MONDAY'} /> {t(`day.${day}` as MessageKey)}
                </label>
              ))}
              {error('schedule.daysOfWeek') ? <small className="field-error">{error('schedule.daysOfWeek')}</small> : null}
            </fieldset>
          ) : null}
        </div>
      ) : null}
      <fieldset>
        <legend>{t('campaigns.quietHours')}</legend>
        <div className="grid">
          <TextField label={t('campaigns.quietStart')} name="quietStart" type="time" error={error('quietHours')} />
          <TextField label={t('campaigns.quietEnd')} name="quietEnd" type="time" />
        </div>
      </fieldset>
    </section>
  );
}
