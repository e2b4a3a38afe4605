import {
  Component,
  createContext,
  forwardRef,
  use,
  useEffect,
  useSyncExternalStore,
  type AnchorHTMLAttributes,
  type ComponentType,
  type ErrorInfo,
  type LazyExoticComponent,
  type ReactNode,
} from 'react';

/**
 * The portal's router: the History API and React.lazy in a hundred lines. React Router is a third of what a phone
 * would download before the first screen (30 KB of 179 KB gzipped); the portal needs only paths with `:params`, links,
 * redirects and the query string. The admin app keeps React Router.
 */
const listeners = new Set<() => void>();
const currentHref = () => window.location.pathname + window.location.search;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === currentHref()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  listeners.forEach((l) => l());
  if (!options.replace) window.scrollTo(0, 0);
}

export const useNavigate = () => navigate;

export function useLocation(): { pathname: string; search: string } {
  const href = useSyncExternalStore(subscribe, currentHref);
  const url = new URL(href, window.location.origin);
  return { pathname: url.pathname, search: url.search };
}

export function useSearchParams(): [URLSearchParams, (params: Record<string, string>) => void] {
  const { pathname, search } = useLocation();
  return [new URLSearchParams(search), (params) => navigate(`${pathname}?${new URLSearchParams(params)}`)];
}

const ParamsContext = createContext<Record<string, string | undefined>>({});
export const useParams = (): Record<string, string | undefined> => use(ParamsContext);

/** A link that changes the screen without reloading the page (a plain link for new tabs and modified clicks). */
export const Link = forwardRef<HTMLAnchorElement, AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }>(
  function Link({ to, onClick, ...rest }, ref) {
    return (
      <a
        ref={ref}
        href={to}
        {...rest}
        onClick={(e) => {
          onClick?.(e);
          if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || rest.target)
            return;
          e.preventDefault();
          navigate(to);
        }}
      />
    );
  },
);

export function Navigate({ to, replace = false }: { to: string; replace?: boolean }) {
  useEffect(() => navigate(to, { replace }), [to, replace]);
  return null;
}

export interface Route {
  path: string;
  Component: LazyExoticComponent<ComponentType> | ComponentType;
}

/** `/rounds/:roundId` against a path: the params, or null. `*` matches anything. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  if (pattern === '*') return {};
  const want = pattern.split('/').filter(Boolean);
  const have = pathname.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const value = have[i]!;
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(value);
    else if (part !== value) return null;
  }
  return params;
}

export function Routes({ routes }: { routes: Route[] }) {
  const { pathname } = useLocation();
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (params) {
      const Screen = route.Component;
      return (
        <ParamsContext value={params}>
          <Screen key={route.path} />
        </ParamsContext>
      );
    }
  }
  return null;
}

/** A screen that failed (a chunk missing after a deploy, no network, a bug) shows `fallback` instead of a blank page. */
export class ErrorBoundary extends Component<
  { fallback: (error: unknown) => ReactNode; children: ReactNode; resetKey: string },
  { error: unknown; key: string }
> {
  override state = { error: null as unknown, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  static getDerivedStateFromProps(props: { resetKey: string }, state: { error: unknown; key: string }) {
    // Going to another screen clears the error.
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(error, info.componentStack);
  }

  override render() {
    return this.state.error ? this.props.fallback(this.state.error) : this.props.children;
  }
}
