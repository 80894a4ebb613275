export const dynamic = 'force-dynamic';

async function readiness(): Promise<string> {
  const api = process.env.ASTOR_API_URL ?? 'http://localhost:4000';
  try {
    const response = await fetch(`${api}/readyz`, { cache: 'no-store' });
    return response.ok ? 'Plataforma lista' : 'Plataforma iniciando…';
  } catch {
    return 'API no disponible';
  }
}

export default async function HomePage() {
  return (
    <main style={{ padding: '2rem', maxWidth: 640 }}>
      <h1>Astor</h1>
      <p>CRM para inmobiliarias con flujos durables.</p>
      <p role="status">{await readiness()}</p>
    </main>
  );
}
