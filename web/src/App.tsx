import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api } from './api';

interface Me {
  user: { id: string; email: string; name: string };
  workspaces: { id: string; name: string; role: string }[];
}

type View = { kind: 'loading' } | { kind: 'setup' } | { kind: 'login' } | { kind: 'home'; me: Me };

export function App() {
  const [view, setView] = useState<View>({ kind: 'loading' });

  const refresh = useCallback(async () => {
    try {
      setView({ kind: 'home', me: await api<Me>('GET', '/api/auth/me') });
    } catch {
      const { setup_required } = await api<{ setup_required: boolean }>('GET', '/api/auth/setup');
      setView({ kind: setup_required ? 'setup' : 'login' });
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return (
    <main className="page">
      <header>
        <h1>Assay</h1>
        <p className="tagline">Machine-verified proof that your security controls are implemented.</p>
      </header>
      {view.kind === 'loading' && <p>Loading…</p>}
      {view.kind === 'setup' && <SetupForm onDone={refresh} />}
      {view.kind === 'login' && <LoginForm onDone={refresh} />}
      {view.kind === 'home' && <Home me={view.me} onLogout={refresh} />}
    </main>
  );
}

function useSubmit(action: (form: FormData) => Promise<void>) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await action(new FormData(e.currentTarget));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, onSubmit };
}

function SetupForm({ onDone }: { onDone: () => Promise<void> }) {
  const { error, busy, onSubmit } = useSubmit(async (f) => {
    await api('POST', '/api/auth/setup', {
      name: f.get('name'),
      email: f.get('email'),
      password: f.get('password'),
      workspace_name: f.get('workspace') || undefined,
    });
    await onDone();
  });
  return (
    <form onSubmit={onSubmit} aria-label="First-run setup">
      <h2>First-run setup</h2>
      <p>Create the first account. It becomes the instance administrator and the owner of your first workspace.</p>
      <label>
        Name <input name="name" required autoComplete="name" />
      </label>
      <label>
        Email <input name="email" type="email" required autoComplete="email" />
      </label>
      <label>
        Password (12+ characters){' '}
        <input name="password" type="password" minLength={12} required autoComplete="new-password" />
      </label>
      <label>
        Workspace name <input name="workspace" placeholder="optional" />
      </label>
      {error && <p role="alert">{error}</p>}
      <button type="submit" disabled={busy}>
        Create account
      </button>
    </form>
  );
}

function LoginForm({ onDone }: { onDone: () => Promise<void> }) {
  const { error, busy, onSubmit } = useSubmit(async (f) => {
    await api('POST', '/api/auth/login', { email: f.get('email'), password: f.get('password') });
    await onDone();
  });
  return (
    <form onSubmit={onSubmit} aria-label="Log in">
      <h2>Log in</h2>
      <label>
        Email <input name="email" type="email" required autoComplete="email" />
      </label>
      <label>
        Password <input name="password" type="password" required autoComplete="current-password" />
      </label>
      {error && <p role="alert">{error}</p>}
      <button type="submit" disabled={busy}>
        Log in
      </button>
    </form>
  );
}

function Home({ me, onLogout }: { me: Me; onLogout: () => Promise<void> }) {
  return (
    <section>
      <p>
        Signed in as <strong>{me.user.name}</strong> ({me.user.email}).{' '}
        <button
          type="button"
          onClick={async () => {
            await api('POST', '/api/auth/logout');
            await onLogout();
          }}
        >
          Log out
        </button>
      </p>
      <h2>Workspaces</h2>
      <ul>
        {me.workspaces.map((w) => (
          <li key={w.id}>
            {w.name} <code>{w.id}</code> — {w.role}
          </li>
        ))}
      </ul>
      <p>
        The Assurance page arrives with the UI. Until then, drive everything through the REST API:{' '}
        <a href="/api/docs/">API reference</a>.
      </p>
    </section>
  );
}
