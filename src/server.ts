// Replaced by the foundation work: listens with timeouts and graceful shutdown.
export async function startServer(): Promise<void> {
  throw new Error('server not built yet');
}
