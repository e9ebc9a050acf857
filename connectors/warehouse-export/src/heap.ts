import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * Keeps V8's heap close to what is live while `keybs export run` works through a backlog. The export reads pages
 * of decisions that die young, but some are promoted at each young-generation collection, and V8 lets them pile
 * up in the old generation until a limit it set while the CLI loaded its modules; DuckDB's result handles among
 * them hold native memory until then. For a million rows: 240 MB peak RSS with this, 340-400 MB without, for
 * about 4 s more of collections in a 40 s run (docs/benchmarks.md).
 *
 * - `--optimize-for-size`, which V8 reads at each collection: an old-generation collection then shrinks the
 *   heap and sets the next limit just above what survived.
 * - One full collection now, so that the first such limit comes at once. `gc` is exposed to a context of its own
 *   only (what the `expose-gc` package does); the process's global has none.
 *
 * For the CLI command only, a process of its own: in `keybs serve` the flags would apply to the API as well.
 */
export function keepHeapSmall(): void {
  v8.setFlagsFromString('--optimize-for-size');
  v8.setFlagsFromString('--expose-gc');
  const gc: unknown = vm.runInNewContext('typeof gc === "function" ? gc : undefined');
  if (typeof gc === 'function') gc();
}
