/**
 * Example questions built from the tenant's own registry, offered with UNPARSEABLE_QUERY so the
 * user sees what can be asked of their data. Every suggestion uses only the store's real domain,
 * fields and values, in shapes the grammar reads. It must never mention another tenant's data.
 */
import type { StoreEntry } from '@smartdb/registry';
import { vocabularyOf } from './vocabulary.ts';

const MAX_SUGGESTIONS = 8;

function topValue(values: Record<string, number>): string | undefined {
  return Object.entries(values).sort((a, b) => b[1] - a[1])[0]?.[0];
}

function questionsFor(store: StoreEntry): string[] {
  const v = vocabularyOf(store);
  const domain = store.domain.replace(/-\d+$/, '');
  const out = [`how many ${domain} are there`];
  const categories = Object.values(store.fields)
    .filter(
      (f) =>
        v.kinds.get(f.name) === 'category' && f.values && !f.overflow && f.count >= 0.8 * store.recordCount,
    )
    .map((f) => ({ f, distinct: Object.keys(f.values ?? {}).length }))
    .filter(({ distinct }) => distinct > 1 && distinct <= 20)
    .sort((a, b) => a.distinct - b.distinct || b.f.count - a.f.count);
  const category = categories[0]?.f;
  const value = category?.values ? topValue(category.values) : undefined;
  if (value && /^\p{L}[\p{L}\p{N}_-]*$/u.test(value)) out.push(`count ${value} ${domain}`);
  if (category) out.push(`count ${domain} by ${category.name}`);
  if (v.measure) out.push(`average ${v.measure} of ${domain}`);
  if (store.timeField) out.push(`${domain} from the last 24 hours`);
  out.push(`show all ${domain}`);
  return out;
}

export function suggestQuestions(stores: StoreEntry[]): string[] {
  if (stores.length === 0) return ['ingest JSON records first, then ask e.g. "how many records are there"'];
  const largest = [...stores].sort((a, b) => b.recordCount - a.recordCount).slice(0, 3);
  const perStore = largest.map(questionsFor);
  const out: string[] = [];
  for (let i = 0; out.length < MAX_SUGGESTIONS && perStore.some((list) => i < list.length); i++) {
    for (const list of perStore) {
      const s = list[i];
      if (s && out.length < MAX_SUGGESTIONS && !out.includes(s)) out.push(s);
    }
  }
  return out;
}
