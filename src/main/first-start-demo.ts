/**
 * The demo data on a first start (decision 0011), composed: the plan is read from the example agreements and the UCI
 * sample (or generated when the sample is absent), then loaded into the new workspace in the background, after the
 * server listens, so /api/ready answers at once. Progress goes to the start-up output; a failure is printed, never
 * thrown (the server keeps running without the demo). Stopping the server interrupts the load between two batches.
 */
import { type DemoLoadResult, loadDemo } from '../app/demo/load-demo.ts';
import type { Clock, Store } from '../app/ports/store.ts';
import { loadDemoPlan } from '../importers/demo/read-demo-sources.ts';

export interface DemoLoading {
  /** Settles when the load is over: its result, or null when it failed or was interrupted. */
  readonly done: Promise<DemoLoadResult | null>;
  /** Interrupts the load at the next batch and waits for it to settle. */
  stop(): Promise<void>;
}

const TICKETS_PER_BATCH = 20;
const PRINT_EVERY = 60;

class Interrupted extends Error {}

export function startDemoLoad(
  dependencies: { store: Store; clock: Clock },
  workspaceId: string,
  print: (line: string) => void,
  logError: (error: unknown) => void = () => {},
): DemoLoading {
  let stopping = false;
  const startedAt = Date.now();
  const pause = async () => {
    // Let requests that wait for the database run between two batches.
    await new Promise((resolve) => setImmediate(resolve));
    if (stopping) throw new Interrupted('the server is stopping');
  };
  const done = (async (): Promise<DemoLoadResult | null> => {
    try {
      await pause();
      const plan = await loadDemoPlan(dependencies.clock.now());
      print(
        `loading demo data: ${plan.customers.length} customers, ${plan.agreements.length} agreements, ${plan.tickets.length} tickets (${plan.source.kind === 'generated' ? 'generated incidents' : 'UCI incident sample'})`,
      );
      const result = await loadDemo(dependencies, plan, {
        workspaceId,
        ticketsPerBatch: TICKETS_PER_BATCH,
        pause,
        onTickets: ({ done: loaded, total }) => {
          if (loaded % PRINT_EVERY === 0 || loaded === total) print(`loading demo data: ${loaded}/${total} tickets`);
        },
      });
      const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
      print(
        result.loaded
          ? `demo data loaded in ${seconds} s: ${result.customers} customers, ${result.agreements} agreements, ${result.tickets} tickets with ${result.events} events, ${result.outages} outages, ${result.maintenanceWindows} maintenance windows${result.deliveries > 0 ? `, ${result.deliveries} delivery lines` : ''}${result.kpiValues > 0 ? `, ${result.kpiValues} KPI values` : ''}`
          : 'demo data already loaded',
      );
      return result;
    } catch (error) {
      if (error instanceof Interrupted) print('demo data: loading interrupted (the server is stopping)');
      else {
        print(`demo data could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
        logError(error);
      }
      return null;
    }
  })();
  return {
    done,
    async stop() {
      stopping = true;
      await done;
    },
  };
}
