/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/**
 * The admin dashboard's pages, rendered on the server with Hono JSX. No inline script or style
 * (the CSP forbids both): behaviour lives in /admin/assets/admin.js, looks in admin.css.
 */
import type { Child } from 'hono/jsx';

export interface StoreRow {
  id: string;
  domain: string;
  tier: string;
  recordCount: number;
  accessCount: number;
  lastWriteAt: string | null;
}

function Layout(props: { title: string; region: string; csrf?: string; children: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="smartdb-region" content={props.region} />
        {props.csrf ? <meta name="smartdb-csrf" content={props.csrf} /> : null}
        <title>{props.title}</title>
        <link rel="stylesheet" href="/admin/assets/uPlot.min.css" />
        <link rel="stylesheet" href="/admin/assets/admin.css" />
      </head>
      <body>{props.children}</body>
    </html>
  );
}

export function LoginPage(props: { region: string; error?: string | undefined }) {
  return (
    <Layout title="smartdb admin — sign in" region={props.region}>
      <main class="login">
        <h1>smartdb admin</h1>
        <p class="muted">Region {props.region}. Sign in with an admin key.</p>
        {props.error ? (
          <p class="error" role="alert" id="login-error">
            {props.error}
          </p>
        ) : null}
        <form method="post" action="/admin/login" id="login">
          <label>
            Admin key
            <input type="password" name="key" autocomplete="off" required maxlength={200} />
          </label>
          <label>
            Tenant <span class="muted">(root key only; default “default”)</span>
            <input type="text" name="tenant" autocomplete="off" maxlength={64} />
          </label>
          <button type="submit">Sign in</button>
        </form>
      </main>
    </Layout>
  );
}

export function StoreRows(props: { stores: StoreRow[] }) {
  if (props.stores.length === 0) {
    return (
      <tr>
        <td colspan={6} class="muted">
          No stores yet: ingest records to create them.
        </td>
      </tr>
    );
  }
  return (
    <>
      {props.stores.map((s) => (
        <tr data-store={s.id}>
          <td>
            <code>{s.id}</code>
          </td>
          <td>{s.domain}</td>
          <td>{s.tier}</td>
          <td class="num">{s.recordCount}</td>
          <td class="num">{s.accessCount}</td>
          <td>{s.lastWriteAt ?? '—'}</td>
        </tr>
      ))}
    </>
  );
}

export function DashboardPage(props: { region: string; tenant: string; csrf: string; stores: StoreRow[] }) {
  return (
    <Layout title={`smartdb admin — ${props.tenant}`} region={props.region} csrf={props.csrf}>
      <header>
        <h1>smartdb admin</h1>
        <span>
          tenant <strong id="tenant">{props.tenant}</strong> · region <strong>{props.region}</strong>
        </span>
        <form method="post" action="/admin/logout">
          <input type="hidden" name="csrf" value={props.csrf} />
          <button type="submit">Sign out</button>
        </form>
      </header>
      <main class="dashboard">
        <section id="stores-section">
          <h2>Stores</h2>
          <table id="stores">
            <thead>
              <tr>
                <th>Store</th>
                <th>Domain</th>
                <th>Tier</th>
                <th class="num">Records</th>
                <th class="num">Accesses</th>
                <th>Last write</th>
              </tr>
            </thead>
            <tbody>
              <StoreRows stores={props.stores} />
            </tbody>
          </table>
        </section>
        <section id="rates-section">
          <h2>Live rates</h2>
          <p>
            ingest <strong id="ingest-rate">–</strong> records/s · queries <strong id="query-rate">–</strong>
            /s
            <span class="muted"> (this tenant, this region, sampled every 2 s)</span>
          </p>
          <div id="rates-chart" />
        </section>
        <section id="console-section">
          <h2>Query console</h2>
          <form id="console">
            <input
              type="text"
              name="q"
              id="q"
              placeholder="count error logs by service this week"
              required
              maxlength={2000}
            />
            <button type="submit">Ask</button>
          </form>
          <p class="error" id="console-error" hidden />
          <div id="console-output" hidden>
            <h3>Interpretation</h3>
            <pre id="interpretation" />
            <h3>SQL</h3>
            <div id="sql" />
            <h3>
              Results <span class="muted" id="result-summary" />
            </h3>
            <table id="results">
              <thead />
              <tbody />
            </table>
          </div>
        </section>
        <section id="regions-section">
          <h2>Regions</h2>
          <div id="regions" class="muted">
            Checking…
          </div>
        </section>
      </main>
      <script src="/admin/assets/uPlot.iife.min.js" />
      <script src="/admin/assets/admin.js" />
    </Layout>
  );
}
