// A bounded read load for edge end-to-end tests: a few concurrent loops of idempotent GETs through an
// edge, tallying who answered and every failure. Bounded by a deadline and a request count; it only
// targets the loopback URL it is given.

export interface ReadLoad {
  /** Answers so far, by the `x-smartdb-region` that served them. */
  byRegion: Map<string, number>;
  /** Answers per region that arrived after `mark()` was called. */
  afterMark: Map<string, number>;
  failures: string[];
  total(): number;
  mark(): void;
  stop(): Promise<void>;
}

export function startReadLoad(options: {
  url: (worker: number, i: number) => string;
  headers: Record<string, string>;
  workers?: number;
  maxMs?: number;
  maxRequests?: number;
}): ReadLoad {
  const deadline = Date.now() + (options.maxMs ?? 20_000);
  const maxRequests = options.maxRequests ?? 50_000;
  const byRegion = new Map<string, number>();
  const afterMark = new Map<string, number>();
  const failures: string[] = [];
  let total = 0;
  let stopped = false;
  let marked = false;
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

  const worker = async (id: number) => {
    for (let i = 0; !stopped && Date.now() < deadline && total < maxRequests; i++) {
      total++;
      const res = await fetch(options.url(id, i), { headers: options.headers }).catch(
        (error: Error) => error,
      );
      if (res instanceof Error) {
        failures.push(res.message);
        continue;
      }
      await res.arrayBuffer();
      if (res.status !== 200) failures.push(`status ${res.status}`);
      const region = res.headers.get('x-smartdb-region') ?? '?';
      bump(byRegion, region);
      if (marked) bump(afterMark, region);
    }
  };
  const running = Promise.all(Array.from({ length: options.workers ?? 6 }, (_, id) => worker(id)));
  return {
    byRegion,
    afterMark,
    failures,
    total: () => total,
    mark: () => {
      marked = true;
    },
    stop: async () => {
      stopped = true;
      await running;
    },
  };
}
