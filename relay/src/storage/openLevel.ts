/**
 * Opening one of the relay's LevelDB databases (the doc store, the asset ledger). LevelDB locks
 * its folder, so a second relay started on the same --data directory fails here: the error says
 * so, rather than only LevelDB's own words about a lock.
 */

/**
 * Opens `db`; fails with a clear error when another process holds its lock.
 * @param what the database, as the error names it: `the relay database`, `the asset ledger`
 */
export async function openLevel(db: { open(): Promise<void> }, what: string): Promise<void> {
  try {
    await db.open();
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause;
    throw new Error(
      `cannot open ${what} (${cause?.message ?? (error as Error).message}); is another relay using the same --data directory?`,
      { cause: error },
    );
  }
}
