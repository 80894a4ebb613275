import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';

/** An empty list that says what it will hold and what to do next. */
export function EmptyState({ icon: Icon, title, hint, children }: { icon: LucideIcon; title: string; hint?: string; children?: ReactNode }) {
  return (
    <div className="empty-state" data-testid="empty-state">
      <Icon className="icon" aria-hidden="true" />
      <strong>{title}</strong>
      {hint ? <p>{hint}</p> : null}
      {children ? <div className="row">{children}</div> : null}
    </div>
  );
}
