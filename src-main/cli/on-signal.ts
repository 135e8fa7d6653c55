/** Ctrl-C (SIGINT) or SIGTERM while a long command runs: stop its work cleanly instead of dying. */

/** Runs `work`; a signal meanwhile calls `cancel` (which should make `work` end soon) instead of killing the process. */
export async function cancellable<T>(cancel: () => void, work: () => Promise<T>): Promise<T> {
  const onSignal = () => cancel();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await work();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
