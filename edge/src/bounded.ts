// Options for an lru-cache table bounded by its number of entries that grows with use. lru-cache's
// `max` allocates its lists for all `max` entries when the table is made: ~2 MB of resident memory
// per 100,000, and the edge keeps four such tables per process (callers' generations, rate-limit
// buckets, write affinities, identities), most of them nearly empty. `maxSize` with every entry
// sized 1 bounds the same count without that.
export function entriesAtMost(count: number): { maxSize: number; sizeCalculation: () => number } {
  return { maxSize: count, sizeCalculation: () => 1 };
}
