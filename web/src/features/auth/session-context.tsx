/**
 * The signed-in principal for the whole UI: asked of the server once at start (the cookie is httpOnly, so only the
 * server knows), kept with the CSRF token the server hands out, and cleared when any request answers 401.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, onUnauthenticated, setCsrfToken } from '../../api/client.ts';
import { identityApi } from '../../api/identity-api.ts';
import type { Customer, Session } from '../../api/types.ts';
import { roleCan, type UiPermission } from './permissions.ts';

interface SessionValue {
  readonly status: 'loading' | 'signed-out' | 'signed-in' | 'error';
  readonly session: Session | null;
  /** The customer of a customer representative (their name in the header and portal). */
  readonly customer: Customer | null;
  readonly error: Error | null;
  /** Set when the session ended on its own (expired), to explain why the sign-in form is back. */
  readonly expired: boolean;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  can(permission: UiPermission): boolean;
  retry(): void;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<{
    status: SessionValue['status'];
    session: Session | null;
    customer: Customer | null;
    error: Error | null;
    expired: boolean;
  }>({ status: 'loading', session: null, customer: null, error: null, expired: false });
  const [attempt, setAttempt] = useState(0);

  const adopt = useCallback(async (session: Session) => {
    setCsrfToken(session.csrfToken);
    const customer = session.customerId ? await identityApi.getCustomer(session.customerId).catch(() => null) : null;
    setState({ status: 'signed-in', session, customer, error: null, expired: false });
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs the check on retry
  useEffect(() => {
    let cancelled = false;
    identityApi.session().then(
      (session) => {
        if (!cancelled) void adopt(session);
      },
      (error: unknown) => {
        if (cancelled) return;
        if (error instanceof ApiError && error.status === 401)
          setState({ status: 'signed-out', session: null, customer: null, error: null, expired: false });
        else setState({ status: 'error', session: null, customer: null, error: error as Error, expired: false });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [adopt, attempt]);

  useEffect(
    () =>
      onUnauthenticated(() => {
        setCsrfToken(null);
        setState((previous) =>
          previous.status === 'signed-in'
            ? { status: 'signed-out', session: null, customer: null, error: null, expired: true }
            : previous,
        );
      }),
    [],
  );

  const signIn = useCallback(
    async (email: string, password: string) => {
      const answer = await identityApi.login(email, password);
      setCsrfToken(answer.csrfToken);
      await adopt(await identityApi.session());
    },
    [adopt],
  );

  const signOut = useCallback(async () => {
    try {
      await identityApi.logout();
    } finally {
      setCsrfToken(null);
      setState({ status: 'signed-out', session: null, customer: null, error: null, expired: false });
    }
  }, []);

  const value = useMemo<SessionValue>(
    () => ({
      ...state,
      signIn,
      signOut,
      can: (permission) => (state.session ? roleCan(state.session.role, permission) : false),
      retry: () => setAttempt((value) => value + 1),
    }),
    [state, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in session (screens behind the sign-in only). */
export function useSignedIn(): Session & { isCustomer: boolean } {
  const { session } = useSession();
  if (!session) throw new Error('useSignedIn while signed out');
  return { ...session, isCustomer: session.role === 'customer' };
}
