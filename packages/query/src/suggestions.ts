/**
 * Example questions built from the tenant's own registry, offered with UNPARSEABLE_QUERY so the
 * user sees what can be asked of their data. Every suggestion uses only the store's real domain,
 * fields and values, in shapes the grammar reads. It must never mention another tenant's data.
 */
import type { StoreEntry } from '@smartdb/registry';
import { readingKinds, vocabularyOf } from './vocabulary.ts';
import { normalize } from './words.ts';

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
  // "average cpu usage of metrics": a measure of several kinds of reading is asked of one of them.
  const kinds = readingKinds(v);
  if (v.measure) out.push(`average ${kinds ? normalize(kinds.values[0]!) : v.measure} of ${domain}`);
  if (store.timeField) out.push(`${domain} from the last 24 hours`);
  out.push(`show all ${domain}`);
  return out;
}

/**
 * Example questions for the tenant's largest stores, taken in turn. Stores in `first` (the ones a
 * refused question was about: "orders in teh last week") give all their examples before any other
 * store's, so a question about orders is not answered with examples about logs.
 */
export function suggestQuestions(stores: StoreEntry[], first: StoreEntry[] = []): string[] {
  if (stores.length === 0) return ['ingest JSON records first, then ask e.g. "how many records are there"'];
  const out: string[] = [];
  for (const store of first.slice(0, 3)) {
    for (const s of questionsFor(store)) if (out.length < MAX_SUGGESTIONS && !out.includes(s)) out.push(s);
  }
  const rest = stores.filter((s) => !first.includes(s));
  const largest = rest.sort((a, b) => b.recordCount - a.recordCount).slice(0, 3);
  const perStore = largest.map(questionsFor);
  for (let i = 0; out.length < MAX_SUGGESTIONS && perStore.some((list) => i < list.length); i++) {
    for (const list of perStore) {
      const s = list[i];
      if (s && out.length < MAX_SUGGESTIONS && !out.includes(s)) out.push(s);
    }
  }
  return out;
}
