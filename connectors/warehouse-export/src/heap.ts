import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * Keeps V8's heap close to what is live while `keybs export run` works through a backlog (measured in
 * docs/benchmarks.md). The export reads pages of decisions that die young, but some are promoted at each
 * young-generation collection; V8 lets that garbage build up in the old generation until a limit it set while
 * the CLI loaded its modules, 30-40 MB above what is live.
 *
 * - `--optimize-for-size`, which V8 reads at each collection: every old-generation collection then shrinks the
 *   heap and sets the next limit just above what survived.
 * - One full collection now, so that the first such limit comes at once rather than after 40 MB of garbage.
 *   `gc` is exposed to a context of its own only (the pattern of the `expose-gc` package); the process's own
 *   global has none.
 *
 * For the CLI command only, a process of its own: in `keybs serve` the flags would apply to the API as well.
 */
export function keepHeapSmall(): void {
  v8.setFlagsFromString('--optimize-for-size');
  v8.setFlagsFromString('--expose-gc');
  const gc: unknown = vm.runInNewContext('typeof gc === "function" ? gc : undefined');
  if (typeof gc === 'function') gc();
}
