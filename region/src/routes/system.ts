/** Liveness, readiness, the OpenAPI document and its rendered reference. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AuthEnv } from '../http/auth.ts';
import type { RegionServices } from '../services.ts';

export function systemRoutes(app: OpenAPIHono<AuthEnv>, services: RegionServices): void {
  const region = services.settings.REGION;
  app.get('/health', (c) => c.json({ status: 'ok', region }));
  app.get('/ready', async (c) => {
    const report = await services.ready();
    return c.json(
      { status: report.ok ? 'ready' : 'not ready', region, checks: report.checks },
      report.ok ? 200 : 503,
    );
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'smartdb',
      version: '1',
      description: 'Schemaless multi-region database with natural-language queries.',
    },
  });
  app.get('/docs', (c) => c.html(renderDocs(app)));
}

type Operation = { summary?: string; description?: string; tags?: string[] };

/** A self-contained reference page (no CDN): one section per operation of the generated document. */
function renderDocs(app: OpenAPIHono<AuthEnv>): string {
  const doc = app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'smartdb', version: '1' } });
  const esc = (s: string) => s.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
  const items: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(ops as Record<string, Operation>)) {
      items.push(
        `<section><h2><code>${esc(method.toUpperCase())} ${esc(path)}</code></h2><p>${esc(op.summary ?? '')}</p>` +
          (op.description ? `<p>${esc(op.description)}</p>` : '') +
          '</section>',
      );
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>smartdb API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}h2{font-size:1rem;margin:1.5rem 0 .25rem}code{background:#f3f3f3;padding:.1rem .3rem}</style>
</head><body><h1>smartdb API v1</h1><p>The machine-readable document is <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>${items.join('\n')}</body></html>`;
}
