/**
 * CPU time used by local processes, read from /proc: what a message costs, a figure that stays comparable when the
 * machine is busy with something else (rates and latencies do not).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type pg from 'pg';

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User plus system CPU time of a process in ms; null where /proc does not show it (another host, or it ended). */
export function cpuMsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count the fields after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return null;
  }
}

/**
 * The CPU the PostgreSQL backends serving a database use between two readings (the reading connection's own left
 * out). A backend that starts and ends between the readings is missed; pools that keep their connections lose none.
 * Null when the server is not on this machine.
 */
export async function databaseCpu(client: pg.Client): Promise<{ stop(): Promise<number | null> }> {
  const backends = async () => {
    const { rows } = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    return new Map(rows.map((row) => [row.pid, cpuMsOf(row.pid)]));
  };
  const before = await backends();
  return {
    async stop() {
      const after = await backends();
      let total = 0;
      for (const [pid, used] of after) {
        if (used === null) return null;
        total += used - (before.get(pid) ?? 0);
      }
      return total;
    },
  };
}
