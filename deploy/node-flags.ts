/**
 * The Node flags a region runs with: the image's default command and the Compose regions carry
 * exactly these (tests/deploy checks both), and so do the benchmarks' regions (load/lib).
 *
 * `--max-semi-space-size=32` (MiB; V8's default is 16 here): the young generation is collected when
 * a semi-space fills, and a scavenge costs what is still alive, which in a region is every request
 * waiting for its commit. Twice the space, half the scavenges for the same survivors. Measured on a
 * 2-core machine, alternating runs: 64 clients of single-record POSTs, region CPU 117–136 µs a
 * request → 101–109 in three pairs of four (the fourth 127 → 143), and 122 → 108 and 193 → 165 in
 * two more; peak RSS 215–223 → 177–179 MB; batched arrays and NDJSON, region CPU 16.6–18.0 µs a
 * record → 14.1–16.4 in two pairs. At 64 MiB the RSS grew by ~45 MB for no further gain. Throughput
 * moved with the machine's noise more than with the flag (quick ingest runs, two pairs: arrays
 * 0.61–0.65 → 0.69–0.73 × COPY, NDJSON 0.56–0.65 → 0.55–0.56, singles 5.9–6.1k → 5.0–7.0k/s).
 */
export const REGION_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32'];
