import type { ReactNode } from 'react';

export const metadata = { title: 'Astor', description: 'CRM inmobiliario con flujos durables' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="es">
      <body style={{ fontFamily: 'system-ui, sans-serif', margin: 0 }}>{children}</body>
    </html>
  );
}
