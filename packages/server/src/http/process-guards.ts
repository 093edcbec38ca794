/**
 * What keeps a serving process up when something slips past every handler (issue 12 §1): an unhandled promise
 * rejection or an uncaught exception (an 'error' event nobody listens to, a throw in a timer) is logged with its
 * stack and the process goes on. Every request has its own handler and the store its own transactions, so one
 * such error leaves nothing half-written; ending the process would end every other user's request with it.
 */
export interface ProcessLog {
  error(obj: { err: unknown }, message: string): void;
}

export function installProcessGuards(log: ProcessLog): () => void {
  const onRejection = (reason: unknown) =>
    log.error({ err: reason }, 'unhandled promise rejection (the server goes on)');
  const onException = (err: unknown) => log.error({ err }, 'uncaught exception (the server goes on)');
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
