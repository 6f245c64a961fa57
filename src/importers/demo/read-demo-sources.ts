/**
 * The files behind the demo plan: the example agreements of this repository and the UCI ServiceNow sample of the
 * shared data folder (`../shared/data/uci-incident-event-log/sample_first_1000_incidents.csv` next to the project).
 * A user's clone has no shared data folder: the incidents are then null and the plan generates incidents of the same
 * shape (src/app/demo/demo-generated-incidents.ts). A sample that exists but cannot be read is an error, not a
 * silent fallback.
 */
import { createReadStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { planDemo } from '../../app/demo/demo-plan.ts';
import type {
  DemoAgreementSource,
  DemoIncidentSource,
  DemoPlan,
  DemoPlanOptions,
  DemoSourceIncident,
} from '../../app/demo/demo-plan-types.ts';
import { readServiceNowIncidents, withCovenantLabels } from '../servicenow/index.ts';

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The agreements of the demo: ERP support for Stalmet, managed hosting for BrightCart. */
export const demoAgreementFiles = ['erp-support.yaml', 'hosting-24x7.yaml'] as const;

/** The zone of the UCI log's wall-clock timestamps (decision 0005). */
export const UCI_TIME_ZONE = 'America/Sao_Paulo';

export interface DemoSourceOptions {
  /** Folder of the agreement files; default examples/agreements of this project. */
  readonly agreementsDirectory?: string;
  readonly agreementFiles?: readonly string[];
  /** The ServiceNow export to take incidents from; default the UCI sample in ../shared/data. */
  readonly incidentLog?: string;
}

export interface DemoSources {
  readonly agreements: DemoAgreementSource[];
  readonly incidents: DemoIncidentSource | null;
}

export const defaultIncidentLog = join(
  projectRoot,
  '..',
  'shared',
  'data',
  'uci-incident-event-log',
  'sample_first_1000_incidents.csv',
);

export async function readDemoSources(options: DemoSourceOptions = {}): Promise<DemoSources> {
  const directory = options.agreementsDirectory ?? join(projectRoot, 'examples', 'agreements');
  const agreements: DemoAgreementSource[] = [];
  for (const fileName of options.agreementFiles ?? demoAgreementFiles) {
    agreements.push({ fileName, text: await readFile(join(directory, fileName), 'utf8') });
  }
  const log = options.incidentLog ?? defaultIncidentLog;
  return { agreements, incidents: existsSync(log) ? await readIncidents(log) : null };
}

async function readIncidents(path: string): Promise<DemoIncidentSource> {
  const incidents: DemoSourceIncident[] = [];
  // The log records no replies: the first pick-up stands in for the first response, as `covenant replay` allows.
  for await (const incident of readServiceNowIncidents(createReadStream(path), {
    timeZone: UCI_TIME_ZONE,
    inferFirstResponse: true,
  })) {
    incidents.push({
      number: incident.number,
      events: incident.events.map(withCovenantLabels),
      final: {
        category: incident.final.category,
        subcategory: incident.final.subcategory,
        contactType: incident.final.contactType,
      },
    });
  }
  return { description: path, timeZone: UCI_TIME_ZONE, incidents };
}

/** Reads the sources and plans the demo for `now`. */
export async function loadDemoPlan(
  now: number,
  options: DemoSourceOptions & { plan?: DemoPlanOptions } = {},
): Promise<DemoPlan> {
  const sources = await readDemoSources(options);
  return planDemo({ now, ...sources, ...(options.plan ? { options: options.plan } : {}) });
}
