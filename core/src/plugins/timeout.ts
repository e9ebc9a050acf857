/** Runs `work`, failing it (and aborting its signal) when it takes longer than `ms`. */
export function withTimeout<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`timed out after ${ms / 1000} s`);
      controller.abort(error);
      reject(error);
    }, ms);
  });
  let running: Promise<T>;
  try {
    running = work(controller.signal);
  } catch (error) {
    running = Promise.reject(error);
  }
  return Promise.race([running, timeout]).finally(() => clearTimeout(timer));
}
