/**
 * Reads the holiday dates of an uploaded iCalendar file off the event loop: each file is read in its own worker
 * thread, given a deadline once the worker has started, and ended when it runs past it (ical.js can loop forever
 * on an RRULE whose parts never match; no count inside our code can stop that). One file is read at a time, so a
 * hostile file takes at most one core from the server's event loop; more wait their turn, and past a short queue
 * the caller is told to come back later. Decision 0031.
 */
import { Worker } from 'node:worker_threads';
import {
  IcalendarError,
  type IcalendarErrorCode,
  type IcalHolidayOptions,
  MAX_ICALENDAR_CHARACTERS,
} from './icalendar-holidays.ts';

/** Time one file may take once its worker has started. */
export const ICALENDAR_DEADLINE_MS = 10_000;
const MAX_RUNNING = 1;
const MAX_WAITING = 8;

export class IcalendarBusyError extends Error {
  override readonly name = 'IcalendarBusyError';
}

let running = 0;
const waiting: (() => void)[] = [];

/** The local dates of the file's events (see `holidayDatesFromIcal`); throws an IcalendarError or IcalendarBusyError. */
export async function holidayDatesInWorker(
  text: string,
  options: IcalHolidayOptions,
  deadlineMs = ICALENDAR_DEADLINE_MS,
): Promise<string[]> {
  // The size is checked here too, so that an oversized text is refused without starting a thread.
  if (text.length > MAX_ICALENDAR_CHARACTERS) {
    throw new IcalendarError(
      'ICALENDAR_TOO_LARGE',
      `the iCalendar file has ${text.length} characters; at most ${MAX_ICALENDAR_CHARACTERS} are accepted`,
    );
  }
  if (running >= MAX_RUNNING) {
    if (waiting.length >= MAX_WAITING) {
      throw new IcalendarBusyError('too many iCalendar files are being read at the moment; try again shortly');
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  running++;
  try {
    return await readInWorker(text, options, deadlineMs);
  } finally {
    running--;
    waiting.shift()?.();
  }
}

type WorkerAnswer = { started: true } | { dates: string[] } | { error: { code: IcalendarErrorCode; message: string } };

function readInWorker(text: string, options: IcalHolidayOptions, deadlineMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./icalendar-holidays.worker.mjs', import.meta.url), {
      workerData: { text, options },
    });
    let deadline: NodeJS.Timeout | undefined;
    const settle = (action: () => void) => {
      clearTimeout(deadline);
      worker.removeAllListeners();
      void worker.terminate();
      action();
    };
    worker.on('message', (answer: WorkerAnswer) => {
      if ('started' in answer) {
        deadline = setTimeout(
          () =>
            settle(() =>
              reject(
                new IcalendarError(
                  'ICALENDAR_TOO_COMPLEX',
                  `the iCalendar file could not be read within ${deadlineMs / 1000} seconds; simplify its recurrence rules`,
                ),
              ),
            ),
          deadlineMs,
        );
      } else if ('dates' in answer) settle(() => resolve(answer.dates));
      else settle(() => reject(new IcalendarError(answer.error.code, answer.error.message)));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) =>
      settle(() => reject(new Error(`the iCalendar worker exited (${code}) without an answer`))),
    );
  });
}
