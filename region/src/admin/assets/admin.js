/*
 * The admin dashboard's behaviour: live rates from the tenant's real counters (uPlot), the stores
 * table, the query console and the regions panel. Everything the server returns is written with
 * textContent, never as HTML: stored records are tenants' data and may hold markup.
 */
(() => {
  const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.getAttribute('content') ?? '';
  const csrf = meta('smartdb-csrf');
  const region = meta('smartdb-region');
  const $ = (id) => document.getElementById(id);

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function row(cells, numeric = []) {
    const tr = el('tr');
    cells.forEach((text, i) => {
      tr.append(el('td', text, numeric.includes(i) ? 'num' : undefined));
    });
    return tr;
  }

  async function getJson(path) {
    const res = await fetch(path, { credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (res.status === 401) {
      window.location.reload();
      throw new Error('signed out');
    }
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    return res.json();
  }

  // Stores
  async function refreshStores() {
    const { stores } = await getJson('/admin/api/stores');
    const body = $('stores').tBodies[0];
    if (stores.length === 0) {
      const tr = el('tr');
      const td = el('td', 'No stores yet: ingest records to create them.', 'muted');
      td.colSpan = 6;
      tr.append(td);
      body.replaceChildren(tr);
      return;
    }
    body.replaceChildren(
      ...stores.map((s) => {
        const tr = row(
          [s.id, s.domain, s.tier, String(s.recordCount), String(s.accessCount), s.lastWriteAt ?? '—'],
          [3, 4],
        );
        tr.dataset.store = s.id;
        return tr;
      }),
    );
  }

  // Live rates: the server returns running totals; the rate is the difference between two samples.
  const WINDOW = 150;
  const data = [[], [], []];
  let last = null;
  const chartBox = $('rates-chart');
  const chart =
    typeof window.uPlot === 'function'
      ? new window.uPlot(
          {
            width: Math.max(320, chartBox.clientWidth || 640),
            height: 200,
            series: [
              {},
              { label: 'ingest records/s', stroke: '#1f7a4d', width: 2 },
              { label: 'queries/s', stroke: '#2657c5', width: 2 },
            ],
            axes: [{}, { label: 'per second' }],
          },
          data,
          chartBox,
        )
      : null;

  async function sampleRates() {
    const now = await getJson('/admin/api/rates');
    if (last) {
      const seconds = (now.at - last.at) / 1000;
      if (seconds > 0) {
        const ingest = (now.ingested - last.ingested) / seconds;
        const queries = (now.queries - last.queries) / seconds;
        data[0].push(now.at / 1000);
        data[1].push(ingest);
        data[2].push(queries);
        for (const series of data) if (series.length > WINDOW) series.shift();
        $('ingest-rate').textContent = ingest.toFixed(1);
        $('query-rate').textContent = queries.toFixed(2);
        chart?.setData(data);
      }
    }
    last = now;
  }

  // Query console: the explanation (interpretation + SQL) and the answer come from one request.
  function showError(message, suggestions) {
    const box = $('console-error');
    box.replaceChildren(el('span', message));
    if (suggestions?.length) {
      const list = el('ul');
      for (const s of suggestions) list.append(el('li', s));
      box.append(el('span', ' Try:'), list);
    }
    box.hidden = false;
  }

  // Groups of periods of time are keyed by each period's start in the question's time zone; the
  // grouped field is then only the store's time field.
  function groupColumn(interpretation) {
    const bucket = interpretation.bucket;
    if (bucket) return `${bucket.unit} starting (${bucket.tz})`;
    return interpretation.groupBy ?? 'group';
  }

  function valueColumn(interpretation) {
    const aggregate = interpretation.aggregate;
    if (!aggregate) return 'value';
    return aggregate.field ? `${aggregate.fn} ${aggregate.field}` : aggregate.fn;
  }

  function renderAnswer(explanation, answer) {
    $('interpretation').textContent = JSON.stringify(explanation.interpretation, null, 2);
    $('sql').replaceChildren(
      ...explanation.sql.map((s) => {
        const block = el('div', undefined, 'statement');
        block.append(el('div', `${s.purpose} · ${s.mcp}`, 'muted'));
        block.append(el('pre', s.text, 'sql-text'));
        block.append(el('pre', `params: ${JSON.stringify(s.params)}`, 'sql-params'));
        return block;
      }),
    );
    $('result-summary').textContent =
      `count ${answer.count} · ${answer.took_ms} ms · cache ${answer.cache} · confidence ${answer.confidence}`;
    const table = $('results');
    const head = table.tHead;
    const body = table.tBodies[0];
    if (answer.groups.length > 0) {
      head.replaceChildren(row([groupColumn(answer.interpretation), valueColumn(answer.interpretation)]));
      body.replaceChildren(...answer.groups.map((g) => row([String(g.key), String(g.value)], [1])));
    } else if (answer.rows.length > 0) {
      head.replaceChildren(row(['id', 'domain', 'ts', 'data']));
      body.replaceChildren(...answer.rows.map((r) => row([r.id, r.domain, r.ts, JSON.stringify(r.data)])));
    } else {
      head.replaceChildren(row(['value']));
      body.replaceChildren(row([String(answer.value ?? answer.count)], [0]));
    }
    $('console-output').hidden = false;
  }

  $('console').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('console-error').hidden = true;
    const q = $('q').value.trim();
    if (!q) return;
    const res = await fetch('/admin/api/query', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify({ q }),
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      $('console-output').hidden = true;
      showError(body?.error?.message ?? `request failed (${res.status})`, body?.error?.suggestions);
      return;
    }
    renderAnswer(body.explanation, body.answer);
  });

  // Regions: the edge answers /edge/regions on the same origin; a region alone does not.
  async function refreshRegions() {
    let regions = null;
    try {
      const res = await fetch('/edge/regions', { credentials: 'same-origin' });
      if (res.ok && (res.headers.get('content-type') ?? '').includes('json')) regions = await res.json();
    } catch {
      regions = null;
    }
    const box = $('regions');
    if (!Array.isArray(regions)) {
      box.textContent = `Served directly by region ${region}, not through the edge.`;
      return false;
    }
    const table = el('table');
    table.append(row(['region', 'healthy', 'ejected', 'RTT ms', 'in flight', 'last error']));
    for (const r of regions) {
      table.append(
        row(
          [
            r.name,
            r.healthy ? 'yes' : 'no',
            r.ejected ? 'yes' : 'no',
            String(r.rttMs ?? '—'),
            String(r.inflight ?? 0),
            r.lastError ?? '',
          ],
          [3, 4],
        ),
      );
    }
    box.classList.remove('muted');
    box.replaceChildren(table);
    return true;
  }

  const quietly = (fn) => () => fn().catch(() => {});
  sampleRates().catch(() => {});
  setInterval(quietly(sampleRates), 2000);
  setInterval(quietly(refreshStores), 5000);
  refreshRegions().then((throughEdge) => {
    if (throughEdge) setInterval(quietly(refreshRegions), 5000);
  });
})();
