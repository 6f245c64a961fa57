/**
 * The frame around every signed-in screen: role-aware navigation (a side bar on a laptop, a menu on a phone), a skip
 * link, the signed-in person, and the screen for the current path. Focus moves to the new screen on navigation so
 * keyboard and screen-reader users start at its top.
 */
import { Suspense, useEffect, useRef, useState } from 'react';
import { monitoringApi } from '../api/monitoring-api.ts';
import { Button } from '../components/button.tsx';
import { Loading, Notice } from '../components/feedback.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { roleNames } from '../features/auth/permissions.ts';
import { useSession, useSignedIn } from '../features/auth/session-context.tsx';
import { currentItem, homeOf, navigationFor } from './navigation.ts';
import { routes } from './route-table.tsx';
import { Link, matchPath, Redirect, useLocation } from './router.tsx';

export function AppShell() {
  const session = useSignedIn();
  const { customer, signOut } = useSession();
  const { pathname } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  const items = navigationFor(session.role);
  const current = currentItem(items, pathname);

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every navigation (the path is the trigger)
  useEffect(() => {
    setMenuOpen(false);
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus({ preventScroll: true });
  }, [pathname]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="shell-topbar">
        <span className="shell-brand">Covenant</span>
        <Button
          variant="secondary"
          aria-expanded={menuOpen}
          aria-controls="main-navigation"
          onClick={() => setMenuOpen((open) => !open)}
        >
          Menu
        </Button>
      </header>
      <nav className="shell-nav" id="main-navigation" aria-label="Main" data-open={menuOpen}>
        <Link className="shell-brand" to={homeOf(session.role)}>
          Covenant
        </Link>
        <ul>
          {items.map((item) => (
            <li key={item.to}>
              <Link to={item.to} aria-current={item === current ? 'page' : undefined}>
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
        <div className="shell-user">
          <span>
            <strong>{session.label}</strong>
            <br />
            {roleNames[session.role]}
            {customer && (
              <>
                <br />
                {customer.name}
              </>
            )}
          </span>
          <UnreadNotifications />
          <Button variant="secondary" onClick={() => void signOut()}>
            Sign out
          </Button>
        </div>
      </nav>
      <main className="shell-main" id="main" tabIndex={-1} ref={mainRef}>
        <Suspense fallback={<Loading label="Opening…" />}>
          <CurrentScreen />
        </Suspense>
      </main>
    </div>
  );
}

const UNREAD_POLL_MS = 60_000;

/** The number of unread notifications, asked every minute; nothing is shown when there are none. */
function UnreadNotifications() {
  const { pathname } = useLocation();
  const [unread, setUnread] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: asked again after each navigation (e.g. after reading)
  useEffect(() => {
    let cancelled = false;
    const ask = () =>
      monitoringApi.notifications({ limit: 1, unread: true }).then(
        (page) => !cancelled && setUnread(page.unread),
        () => undefined,
      );
    void ask();
    const timer = window.setInterval(ask, UNREAD_POLL_MS);
    return () => {
      cancelled = true;
      window.clearInterval(timer);
    };
  }, [pathname]);
  if (unread === 0) return null;
  return <Link to="/settings?tab=notifications">{`${unread} unread notification${unread === 1 ? '' : 's'}`}</Link>;
}

function CurrentScreen() {
  const { role } = useSignedIn();
  const { pathname } = useLocation();
  if (pathname === '/' || pathname === '/sign-in') return <Redirect to={homeOf(role)} />;
  for (const route of routes) {
    const params = matchPath(route.pattern, pathname);
    if (!params) continue;
    if (route.roles && !route.roles.includes(role)) return <NotAllowed />;
    return <>{route.render(params)}</>;
  }
  return <NotFound />;
}

function NotFound() {
  const { role } = useSignedIn();
  return (
    <>
      <PageHeader title="Page not found" />
      <Notice tone="warning">
        There is no page at this address. <Link to={homeOf(role)}>Go to the start page</Link>.
      </Notice>
    </>
  );
}

function NotAllowed() {
  const { role } = useSignedIn();
  return (
    <>
      <PageHeader title="Not available" />
      <Notice tone="warning" role="alert">
        Your role may not open this page. <Link to={homeOf(role)}>Go to the start page</Link>.
      </Notice>
    </>
  );
}
