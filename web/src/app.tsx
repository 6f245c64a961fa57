/** The application: the session decides between the sign-in form and the signed-in shell. */
import { Button } from './components/button.tsx';
import { ErrorNotice, Loading } from './components/feedback.tsx';
import { SessionProvider, useSession } from './features/auth/session-context.tsx';
import { SignInPage } from './features/auth/sign-in-page.tsx';
import { AppShell } from './routes/app-shell.tsx';
import { RouterProvider } from './routes/router.tsx';

export function App() {
  return (
    <RouterProvider>
      <SessionProvider>
        <SessionGate />
      </SessionProvider>
    </RouterProvider>
  );
}

function SessionGate() {
  const { status, error, retry } = useSession();
  if (status === 'loading')
    return (
      <main className="sign-in" id="main">
        <Loading label="Starting Covenant…" />
      </main>
    );
  if (status === 'error')
    return (
      <main className="sign-in" id="main">
        <h1>Covenant</h1>
        <ErrorNotice error={error} what="your session" />
        <Button onClick={retry}>Try again</Button>
      </main>
    );
  if (status === 'signed-out') return <SignInPage />;
  return <AppShell />;
}
