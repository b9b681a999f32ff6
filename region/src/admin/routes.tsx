/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/**
 * `/admin`: the operator's dashboard. Sign-in takes an admin key once and hands the browser a
 * session id; the JSON endpoints the page polls are thin adapters over the same functions as the
 * REST API (registry list, RAG₂ explain + answer) and the tenant's real activity counters.
 * Never puts a key in a cookie, a page or a log line; every response is `no-store` and framed by
 * a strict CSP; POSTs need a same-origin request and, once signed in, the session's CSRF token.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { hasRole } from '@smartdb/auth';
import { AppError, parseJson, queryInputSchema } from '@smartdb/core';
import { storeView } from '@smartdb/registry';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AuthEnv } from '../http/auth.ts';
import { limitBody } from '../http/body-limit.ts';
import type { RegionServices } from '../services.ts';
import { DashboardPage, LoginPage, type StoreRow } from './pages.tsx';
import { type AdminSession, AdminSessions } from './sessions.ts';

const COOKIE = 'smartdb_admin';
const SESSION_SECONDS = 8 * 60 * 60;
const FORM_LIMIT = 16 * 1024;

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

interface Asset {
  body: string;
  type: string;
}

function loadAssets(): Map<string, Asset> {
  const require = createRequire(import.meta.url);
  // Beside this module in the sources; beside the bundle in dist/, where deploy/build.ts copies them.
  const own = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');
  const uplot = (name: string) => readFileSync(require.resolve(`uplot/dist/${name}`), 'utf8');
  return new Map([
    ['admin.js', { body: own('admin.js'), type: 'text/javascript; charset=utf-8' }],
    ['admin.css', { body: own('admin.css'), type: 'text/css; charset=utf-8' }],
    ['uPlot.iife.min.js', { body: uplot('uPlot.iife.min.js'), type: 'text/javascript; charset=utf-8' }],
    ['uPlot.min.css', { body: uplot('uPlot.min.css'), type: 'text/css; charset=utf-8' }],
  ]);
}

function storeRows(services: RegionServices, tenantId: string): StoreRow[] {
  return services.registry
    .list(tenantId)
    .map(storeView)
    .sort((a, b) => a.domain.localeCompare(b.domain) || a.id.localeCompare(b.id))
    .map(({ id, domain, tier, recordCount, accessCount, lastWriteAt }) => ({
      id,
      domain,
      tier,
      recordCount,
      accessCount,
      lastWriteAt,
    }));
}

/** Hosts this request may come from: its own Host, or the edge's original host when proxied. */
function sameOrigin(c: Context): boolean {
  const origin = c.req.header('origin');
  if (!origin) return c.req.header('sec-fetch-site') !== 'cross-site';
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  return host === c.req.header('host') || host === c.req.header('x-forwarded-host');
}

/** The sign-in and sign-out form; a body that is no form (a broken multipart one) is refused as such. */
async function formOf(c: Context): Promise<Record<string, unknown>> {
  try {
    return await c.req.parseBody();
  } catch (cause) {
    throw new AppError(400, 'BAD_REQUEST', 'send the form as application/x-www-form-urlencoded', { cause });
  }
}

function isHttps(c: Context): boolean {
  return c.req.header('x-forwarded-proto') === 'https' || new URL(c.req.url).protocol === 'https:';
}

export function adminRoutes(app: OpenAPIHono<AuthEnv>, services: RegionServices): void {
  const sessions = new AdminSessions();
  const assets = loadAssets();
  const region = services.settings.REGION;
  const page = (c: Context, status: 200 | 401 | 403, node: unknown) =>
    c.html(`<!doctype html>${String(node)}`, status);

  const formLimit = limitBody(FORM_LIMIT, 'admin requests');
  app.use('/admin/*', async (c, next) => {
    if (c.req.method === 'POST') {
      if (!sameOrigin(c)) throw new AppError(403, 'FORBIDDEN', 'cross-origin request refused');
      await formLimit(c, next);
    } else {
      await next();
    }
    if (!c.req.path.startsWith('/admin/assets/')) c.res.headers.set('cache-control', 'no-store');
    c.res.headers.set('content-security-policy', CSP);
    c.res.headers.set('x-content-type-options', 'nosniff');
    // no-referrer would make Chromium send `Origin: null` on the sign-in form, failing the check.
    c.res.headers.set('referrer-policy', 'same-origin');
  });

  /** The signed-in session, its key re-verified (a revoked or demoted key ends the session). */
  async function currentSession(c: Context<AuthEnv>): Promise<AdminSession | undefined> {
    const session = sessions.get(getCookie(c, COOKIE));
    if (!session) return undefined;
    const principal = await services.keys.verify(session.key, session.rootTenant);
    if (!principal || !hasRole(principal, 'admin')) {
      sessions.delete(session.id);
      return undefined;
    }
    session.principal = principal;
    c.set('principal', principal);
    return session;
  }

  async function requireSession(c: Context<AuthEnv>, csrf: boolean): Promise<AdminSession> {
    const session = await currentSession(c);
    if (!session) throw new AppError(401, 'UNAUTHORIZED', 'sign in at /admin');
    if (csrf && c.req.header('x-csrf-token') !== session.csrf) {
      throw new AppError(403, 'FORBIDDEN', 'missing or wrong CSRF token');
    }
    return session;
  }

  app.get('/admin/assets/:name', (c) => {
    const asset = assets.get(c.req.param('name'));
    if (!asset) throw new AppError(404, 'NOT_FOUND', 'no such asset');
    return c.body(asset.body, 200, { 'content-type': asset.type, 'cache-control': 'public, max-age=300' });
  });

  app.get('/admin', async (c) => {
    const session = await currentSession(c);
    if (!session) return page(c, 200, <LoginPage region={region} />);
    const tenant = session.principal.tenantId;
    return page(
      c,
      200,
      <DashboardPage
        region={region}
        tenant={tenant}
        csrf={session.csrf}
        stores={storeRows(services, tenant)}
      />,
    );
  });

  app.post('/admin/login', async (c) => {
    const form = await formOf(c);
    const key = typeof form.key === 'string' ? form.key.trim() : '';
    const tenant = typeof form.tenant === 'string' && form.tenant.trim() ? form.tenant.trim() : null;
    const refuse = (status: 401 | 403, error: string) =>
      page(c, status, <LoginPage region={region} error={error} />);
    let principal: Awaited<ReturnType<typeof services.keys.verify>> = null;
    try {
      principal = key ? await services.keys.verify(key, tenant) : null;
    } catch (e) {
      if (e instanceof AppError && e.status === 400) return refuse(401, 'That tenant id is not valid.');
      throw e;
    }
    if (!principal) return refuse(401, 'Sign-in failed: that key is unknown or revoked.');
    if (!hasRole(principal, 'admin')) {
      return refuse(
        403,
        `Sign-in failed: that key has the ${principal.role} role; the dashboard needs admin.`,
      );
    }
    c.set('principal', principal);
    const session = sessions.create(key, principal.root ? tenant : null, principal);
    setCookie(c, COOKIE, session.id, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: isHttps(c),
      path: '/admin',
      maxAge: SESSION_SECONDS,
    });
    return c.redirect('/admin', 303);
  });

  app.post('/admin/logout', async (c) => {
    const session = await currentSession(c);
    const form = await formOf(c);
    if (session && form.csrf === session.csrf) sessions.delete(session.id);
    deleteCookie(c, COOKIE, { path: '/admin' });
    return c.redirect('/admin', 303);
  });

  app.get('/admin/api/stores', async (c) => {
    const session = await requireSession(c, false);
    return c.json({ stores: storeRows(services, session.principal.tenantId) });
  });

  app.get('/admin/api/rates', async (c) => {
    const session = await requireSession(c, false);
    return c.json({
      at: Date.now(),
      ...services.observability.activity.totalsFor(session.principal.tenantId),
    });
  });

  app.post('/admin/api/query', async (c) => {
    const session = await requireSession(c, true);
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json')
      throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send application/json');
    const parsed = queryInputSchema.safeParse(parseJson(await c.req.text()));
    if (!parsed.success) throw new AppError(400, 'VALIDATION_FAILED', 'send {"q": "a question"}');
    const tenantId = session.principal.tenantId;
    const explanation = services.query.explain(tenantId, parsed.data);
    const answer = (await services.query.answer(tenantId, parsed.data)).response();
    return c.json({ explanation, answer });
  });
}
