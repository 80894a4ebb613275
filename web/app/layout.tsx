import type { ReactNode } from 'react';
import { I18nProvider } from '../lib/i18n';
import './globals.css';

export const metadata = { title: 'Astor', description: 'CRM inmobiliario con flujos durables' };
export const viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="es">
      <body>
        <I18nProvider>{children}</I18nProvider>
      </body>
    </html>
  );
}
