'use client';

import * as AlertDialog from '@radix-ui/react-alert-dialog';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useI18n } from '../lib/i18n';

interface Question {
  /** The question, naming what it acts on: «¿Revocar la clave «Integración web»?». */
  title: string;
  /** What happens if the person confirms. */
  consequence: string;
  confirmLabel: string;
  cancelLabel?: string;
  /** More to fill in before confirming (a typed name), shown under the consequence. */
  children?: ReactNode;
  confirmDisabled?: boolean;
}

/**
 * A modal question before a destructive action, on Radix's AlertDialog (focus kept inside, Escape
 * cancels, focus starts on Cancelar and goes back to what opened it, the page behind is inert). It
 * opens on mount. It lives under <body> so it may be opened from inside another form or a table
 * cell; React still bubbles its events to that form, hence the stopped submit.
 */
export function ConfirmDialog({ title, consequence, confirmLabel, cancelLabel, children, confirmDisabled, onConfirm, onCancel }: Question & { onConfirm(): void; onCancel(): void }) {
  const { t } = useI18n();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    event.stopPropagation();
    if (!confirmDisabled) onConfirm();
  }

  return (
    <AlertDialog.Root open onOpenChange={(open) => (open ? undefined : onCancel())}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content className="confirm-dialog">
          <form onSubmit={submit}>
            <AlertDialog.Title>{title}</AlertDialog.Title>
            <AlertDialog.Description>{consequence}</AlertDialog.Description>
            {children}
            <div className="row confirm-actions">
              <AlertDialog.Cancel type="button" className="secondary">
                {cancelLabel ?? t('common.cancel')}
              </AlertDialog.Cancel>
              <button type="submit" className="danger" disabled={confirmDisabled}>
                {confirmLabel}
              </button>
            </div>
          </form>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}

/** A button that asks `title` in a ConfirmDialog and runs `onConfirm` only when the person confirms. */
export function ConfirmButton({ label, className, disabled, onConfirm, ...question }: Question & { label: string; className?: string; disabled?: boolean; onConfirm(): void }) {
  const [asking, setAsking] = useState(false);
  return (
    <>
      <button type="button" className={className} disabled={disabled} aria-haspopup="dialog" onClick={() => setAsking(true)}>
        {label}
      </button>
      {asking ? (
        <ConfirmDialog
          {...question}
          onCancel={() => setAsking(false)}
          onConfirm={() => {
            setAsking(false);
            onConfirm();
          }}
        />
      ) : null}
    </>
  );
}
