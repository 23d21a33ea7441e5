/**
 * Runs a background round one at a time: a call while a round runs asks for exactly one more round
 * after it (so a nudge is never lost, and rounds never overlap). A failed round is reported and the
 * next call tries again.
 */
export function coalescingRunner(round: () => Promise<void>, onError: (error: unknown) => void): () => Promise<void> {
  let running = false;
  let again = false;
  return async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await round();
      } while (again);
    } catch (error) {
      onError(error);
    } finally {
      running = false;
    }
  };
}
