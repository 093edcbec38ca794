import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

interface Health {
  status: string;
  db: string;
  households: number;
}

function App() {
  const [health, setHealth] = useState<Health | null>(null);
  useEffect(() => {
    fetch('/api/health')
      .then((r) => r.json() as Promise<Health>)
      .then(setHealth)
      .catch(() => setHealth(null));
  }, []);
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: 24 }}>
      <h1>底线 · 防止返贫动态监测和帮扶</h1>
      <p>{health ? `数据库 ${health.db} · 农户 ${health.households} 户` : '正在连接…'}</p>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
