// Worker-thread entry of the iCalendar import (icalendar-holidays-worker.ts): loads the TypeScript sources through
// tsx, as bin/covenant.mjs does, and answers the one job it was started with.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { holidayDatesFromIcal, IcalendarError } = await import('./icalendar-holidays.ts');
parentPort.postMessage({ started: true });
try {
  parentPort.postMessage({ dates: holidayDatesFromIcal(workerData.text, workerData.options) });
} catch (error) {
  if (!(error instanceof IcalendarError)) throw error;
  parentPort.postMessage({ error: { code: error.code, message: error.message } });
}
