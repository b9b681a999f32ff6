// A tiny Prometheus text registry that runs on every runtime (prom-client is Node-only). Counters
// are incremented by real events; gauges are read from live state at scrape time. It must never
// invent a sample: a series exists only once something happened or the state exists.

type Labels = Record<string, string>;

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function renderLabels(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

export class Counter {
  readonly name: string;
  readonly help: string;
  readonly #series = new Map<string, { labels: Labels; value: number }>();

  constructor(name: string, help: string) {
    this.name = name;
    this.help = help;
  }

  inc(labels: Labels = {}, by = 1): void {
    const key = renderLabels(labels);
    const series = this.#series.get(key);
    if (series === undefined) this.#series.set(key, { labels, value: by });
    else series.value += by;
  }

  /** A pre-labelled increment for hot paths: the label set is rendered once, not per event. */
  bind(labels: Labels): () => void {
    const key = renderLabels(labels);
    let series = this.#series.get(key);
    return () => {
      if (series === undefined) {
        series = { labels, value: 0 };
        this.#series.set(key, series);
      }
      series.value++;
    };
  }

  value(labels: Labels = {}): number {
    return this.#series.get(renderLabels(labels))?.value ?? 0;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [key, series] of this.#series) lines.push(`${this.name}${key} ${series.value}`);
    return lines.join('\n');
  }
}

export class Gauge {
  readonly name: string;
  readonly help: string;
  readonly #collect: () => Array<[Labels, number]>;

  constructor(name: string, help: string, collect: () => Array<[Labels, number]>) {
    this.name = name;
    this.help = help;
    this.#collect = collect;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`];
    for (const [labels, value] of this.#collect()) lines.push(`${this.name}${renderLabels(labels)} ${value}`);
    return lines.join('\n');
  }
}

export class MetricsRegistry {
  readonly #metrics: Array<Counter | Gauge> = [];

  counter(name: string, help: string): Counter {
    const counter = new Counter(name, help);
    this.#metrics.push(counter);
    return counter;
  }

  gauge(name: string, help: string, collect: () => Array<[Labels, number]>): Gauge {
    const gauge = new Gauge(name, help, collect);
    this.#metrics.push(gauge);
    return gauge;
  }

  render(): string {
    return `${this.#metrics.map((m) => m.render()).join('\n')}\n`;
  }
}
