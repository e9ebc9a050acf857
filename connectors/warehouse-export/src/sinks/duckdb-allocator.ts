/**
 * DuckDB allocates through its own jemalloc, which by default keeps freed pages for a second before giving
 * them back to the system: during an export that is 60-80 MB of RSS beyond DuckDB's `memory_limit` (measured
 * in docs/benchmarks.md). Returning them at once costs about 15 % more time in DuckDB's own thread.
 * jemalloc reads this variable when the library loads, so this module must be imported before
 * `@duckdb/node-api`; a value set by the operator wins, and a process that loaded DuckDB earlier keeps its
 * allocator as it was.
 */
process.env.DUCKDB_JE_MALLOC_CONF ??= 'dirty_decay_ms:0,muzzy_decay_ms:0';
