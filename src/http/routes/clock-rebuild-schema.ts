/** How a change that moved deadlines reports the rebuild of the clocks it triggered (src/app/rebuild-after-change.ts). */
import { z } from 'zod';

export const clockRebuildSchema = z
  .union([
    z.object({ status: z.literal('done'), tickets: z.number(), clocks: z.number() }),
    z.object({ status: z.literal('failed'), message: z.string() }),
  ])
  .nullable()
  .describe('Clocks of open tickets rebuilt after the change; null when none was due or none is configured.');
