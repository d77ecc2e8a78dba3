// The shell: sign-in gate, top bar (navigation, organisation switcher, sign out) and the routes. Pages load lazily
// so the first paint needs only the shell.
import { lazy, Suspense, useEffect, type ComponentType } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { trpc, errorCode } from './trpc.js';
import { Link, matchPath, useLocation } from './router.js';
import { SessionContext, signIn, type Me, type Permission } from './session.js';
import { ErrorState, Loading } from './ui/states.js';
import { CSRF_COOKIE, readCookie } from './lib/csrf.js';
import { allowed, navFor } from './nav.js';

const MoleculesPage = lazy(() => import('./pages/MoleculesPage.js'));
const MoleculeDetailPage = lazy(() => import('./pages/MoleculeDetailPage.js'));
const NewJobPage = lazy(() => import('./pages/NewJobPage.js'));
const JobsPage = lazy(() => import('./pages/JobsPage.js'));
const JobDetailPage = lazy(() => import('./pages/JobDetailPage.js'));
const AgentsPage = lazy(() => import('./pages/AgentsPage.js'));
const AdminPage = lazy(() => import('./pages/AdminPage.js'));
const OperationsPage = lazy(() => import('./pages/OperationsPage.js'));
const WebhooksPage = lazy(() => import('./pages/WebhooksPage.js'));
const ProjectsPage = lazy(() => import('./pages/ProjectsPage.js'));
const ComparePage = lazy(() => import('./pages/ComparePage.js'));

interface Route {
  pattern: string;
  title: string;
  page: ComponentType<{ params: Record<string, string> }>;
  needs?: Permission;
}

const ROUTES: Route[] = [
  { pattern: '/molecules', title: 'Molecules', page: MoleculesPage, needs: 'molecules:read' },
  { pattern: '/molecules/:moleculeId', title: 'Molecule', page: MoleculeDetailPage, needs: 'molecules:read' },
  { pattern: '/jobs/new', title: 'New docking job', page: NewJobPage, needs: 'jobs:write' },
  { pattern: '/jobs', title: 'Jobs', page: JobsPage, needs: 'jobs:read' },
  { pattern: '/jobs/:jobId', title: 'Job', page: JobDetailPage, needs: 'jobs:read' },
  { pattern: '/projects', title: 'Projects', page: ProjectsPage, needs: 'jobs:read' },
  { pattern: '/compare', title: 'Compare jobs', page: ComparePage, needs: 'jobs:read' },
  { pattern: '/agents', title: 'Agents', page: AgentsPage, needs: 'agents:read' },
  { pattern: '/operations', title: 'Operations', page: OperationsPage, needs: 'operations:read' },
  { pattern: '/webhooks', title: 'Webhooks', page: WebhooksPage, needs: 'webhooks:manage' },
  { pattern: '/admin', title: 'Administration', page: AdminPage },
];

export function App() {
  const me = useQuery(trpc.me.get.queryOptions(undefined, { staleTime: 60_000, retry: false }));
  if (me.isPending) return <Loading what="Checking your session" />;
  if (me.error && errorCode(me.error) === 'UNAUTHORIZED') return <SignInPage />;
  if (me.error || !me.data) return <ErrorState error={me.error ?? 'no session'} retry={() => void me.refetch()} />;
  return (
    <SessionContext.Provider value={me.data}>
      <Shell me={me.data} />
    </SessionContext.Provider>
  );
}

function SignInPage() {
  const { search } = useLocation();
  const failure = search.get('error');
  return (
    <main className="signin">
      <h1>Molecular Analysis Dashboard</h1>
      <p className="muted">Dock ligands against receptors with AutoDock Vina, Smina or Gnina, and explore the poses.</p>
      {failure && (
        <div className="state error" role="alert">
          Sign-in failed: {failure}
        </div>
      )}
      <button
        type="button"
        className="primary"
        onClick={() => signIn(location.pathname === '/' ? '/jobs' : location.pathname + location.search)}
      >
        Sign in
      </button>
      <p className="small muted">You will be sent to your organisation's identity provider.</p>
    </main>
  );
}

function Shell({ me }: { me: Me }) {
  const { path } = useLocation();
  const route = ROUTES.map((r) => ({ route: r, params: matchPath(r.pattern, path) })).find((m) => m.params);
  const title = route?.route.title ?? 'Not found';
  useEffect(() => {
    document.title = `${title} · Molecular Analysis Dashboard`;
  }, [title]);

  let content;
  if (path === '/' || path === '') content = <Redirect to={allowed(me, 'jobs:read') ? '/jobs' : '/molecules'} />;
  else if (!route) content = <ErrorState error={`No page at ${path}`} />;
  else if (!allowed(me, route.route.needs))
    content = <ErrorState error={`Your role (${me.role}) cannot open ${route.route.title}.`} />;
  else {
    const Page = route.route.page;
    content = <Page params={route.params!} />;
  }

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          MAD · docking
        </Link>
        <nav aria-label="Main">
          <ul>
            {navFor(me).map((item) => (
              <li key={item.to}>
                <Link to={item.to} aria-current={isCurrent(item.to, path) ? 'page' : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <span className="spacer" />
        <OrgSwitcher me={me} />
        <span className="who" title={`role: ${me.role}`}>
          {me.user.email} · {me.role}
        </span>
        <SignOut />
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading what={`Loading ${title}`} />}>{content}</Suspense>
      </main>
    </div>
  );
}

function isCurrent(to: string, path: string): boolean {
  if (to === '/jobs') return path === '/jobs' || (path.startsWith('/jobs/') && path !== '/jobs/new');
  return path === to || path.startsWith(`${to}/`);
}

function Redirect({ to }: { to: string }) {
  useEffect(() => {
    history.replaceState(null, '', to);
    dispatchEvent(new PopStateEvent('popstate'));
  }, [to]);
  return null;
}

function OrgSwitcher({ me }: { me: Me }) {
  const queryClient = useQueryClient();
  const switchOrg = useMutation(
    trpc.me.switchOrg.mutationOptions({
      onSuccess: async () => {
        // Everything cached belongs to the previous organisation: drop it and refetch what is on screen.
        await queryClient.resetQueries();
      },
    }),
  );
  if (me.orgs.length < 2) return <span className="who">{me.org.name}</span>;
  return (
    <label className="who">
      <span className="visually-hidden">Organisation</span>
      <select
        value={me.org.slug}
        disabled={switchOrg.isPending}
        onChange={(e) => switchOrg.mutate({ org: e.currentTarget.value })}
        aria-label="Organisation"
      >
        {me.orgs.map((org) => (
          <option key={org.id} value={org.slug}>
            {org.name}
          </option>
        ))}
      </select>
    </label>
  );
}

function SignOut() {
  // A form POST so the server can end the session and answer with the provider's logout redirect.
  return (
    <form method="post" action="/auth/logout" onSubmit={(e) => addCsrfField(e.currentTarget)}>
      <button type="submit">Sign out</button>
    </form>
  );
}

/** /auth/logout takes the CSRF token as the form field `csrf` (a form cannot send headers). */
function addCsrfField(form: HTMLFormElement) {
  const token = readCookie(CSRF_COOKIE);
  if (!token || form.querySelector('input[name="csrf"]')) return;
  const input = document.createElement('input');
  input.type = 'hidden';
  input.name = 'csrf';
  input.value = token;
  form.append(input);
}
