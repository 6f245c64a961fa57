/**
 * `--status-map STATE=CATEGORY` (repeatable) and `--status-mapping FILE.yaml`: the ServiceNow importer's state mapping
 * overridden from the command line. Both are checked before the log is read, so a typo in a category costs nothing;
 * a state the log never has can only be known after reading it, so it is a warning (statusMappingWarnings), not an
 * error: the same override may serve several exports.
 *
 * The file is a YAML map of state label to category, or to `{ category, status }` to rename the status as well:
 *
 *   Resolved: open
 *   Awaiting Vendor: { category: open, status: with_vendor }
 *
 * Entries given with `--status-map` win over the file's (the command line is the more specific choice).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  isStatusName,
  type StatusCategory,
  type StatusMapping,
  type StatusMappingEntry,
  servicenowStatusMapping,
  statusCategories,
  statusNameForLabel,
} from '../importers/servicenow/index.ts';
import { CliError, exitCodes } from './cli-io.ts';

/** Where an override entry came from: `--status-map` or the path of the `--status-mapping` file. */
export type OverrideSource = '--status-map' | string;

/** The overrides chosen on the command line, ready for the importer, with where each came from. */
export interface StatusMappingChoice {
  readonly override: StatusMapping;
  readonly sources: ReadonlyMap<string, OverrideSource>;
}

/** One state of the effective mapping, as `--json` prints it. */
export interface EffectiveStatusMappingEntry extends StatusMappingEntry {
  readonly state: string;
  /** True for a state the command line added or changed. */
  readonly overridden: boolean;
  /** The default mapping's entry for an overridden state that has one. */
  readonly default?: StatusMappingEntry;
  readonly source?: OverrideSource;
  /** Rows of the log in this state. */
  readonly rows: number;
}

/** A problem with an override that does not stop the replay, with a stable code. */
export interface StatusMappingWarning {
  readonly code: 'STATUS_MAP_STATE_NOT_IN_LOG';
  readonly state: string;
  readonly message: string;
}

/** Commander's collector for a repeatable option. */
export function collectRepeated(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * The overrides of `--status-mapping FILE` and `--status-map STATE=CATEGORY...`, or undefined when neither is given.
 * Throws CliError with a stable code for anything that cannot be used.
 */
export function statusMappingFromOptions(
  options: { statusMap?: readonly string[] | undefined; statusMapping?: string | undefined },
  cwd: string,
): StatusMappingChoice | undefined {
  const arguments_ = options.statusMap ?? [];
  if (options.statusMapping === undefined && arguments_.length === 0) return undefined;
  // Maps, not objects, until the end: a state is any text the log has, `__proto__` included.
  const override = new Map<string, StatusMappingEntry>();
  const sources = new Map<string, OverrideSource>();
  if (options.statusMapping !== undefined) {
    const file = readStatusMappingFile(options.statusMapping, cwd);
    for (const [state, entry] of Object.entries(file.entries)) {
      override.set(state, entry);
      sources.set(state, file.path);
    }
  }
  const fromArguments = new Map<string, StatusMappingEntry>();
  for (const argument of arguments_) {
    const { state, entry } = parseStatusMapArgument(argument);
    const earlier = fromArguments.get(state);
    if (earlier !== undefined && earlier.category !== entry.category) {
      throw new CliError(
        'STATUS_MAP_CONFLICT',
        `--status-map gives the state "${state}" two categories, ${earlier.category} and ${entry.category}; give it once`,
        exitCodes.badInput,
        { state, categories: [earlier.category, entry.category] },
      );
    }
    fromArguments.set(state, entry);
  }
  for (const [state, entry] of fromArguments) {
    override.set(state, entry);
    sources.set(state, '--status-map');
  }
  return { override: Object.fromEntries(override), sources };
}

/** `STATE=CATEGORY` (the state exactly as exported; split at the last `=`, as no category contains one). */
export function parseStatusMapArgument(argument: string): { state: string; entry: StatusMappingEntry } {
  const separator = argument.lastIndexOf('=');
  const state = separator < 0 ? '' : argument.slice(0, separator).trim();
  const category = separator < 0 ? '' : argument.slice(separator + 1).trim();
  if (state === '' || category === '') {
    throw new CliError(
      'STATUS_MAP_INVALID',
      `--status-map expects STATE=CATEGORY with the state as the log writes it, e.g. --status-map Resolved=open; got "${argument}"`,
      exitCodes.badInput,
      { argument },
    );
  }
  return {
    state,
    entry: { status: derivedStatusName(state, '--status-map'), category: checkedCategory(category, state) },
  };
}

/** Reads a `--status-mapping` YAML file: state label to category, or to `{ category, status }`. */
export function readStatusMappingFile(
  path: string,
  cwd: string,
): { path: string; entries: Record<string, StatusMappingEntry> } {
  const fullPath = resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(fullPath, 'utf8');
  } catch (error) {
    throw new CliError('FILE_NOT_READABLE', `cannot read status mapping file ${fullPath}: ${(error as Error).message}`);
  }
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    // The parser's message goes on to quote the source over several lines; its first line says what and where.
    throw fileError(fullPath, `not YAML: ${(error as Error).message.split('\n')[0]!.replace(/:\s*$/, '')}`);
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw fileError(fullPath, 'expected a map of state to category, e.g. "Resolved: open"');
  }
  const entries = Object.entries(document).map(([state, value]) => [state, fileEntry(fullPath, state, value)] as const);
  if (entries.length === 0) throw fileError(fullPath, 'the map is empty');
  return { path: fullPath, entries: Object.fromEntries(entries) };
}

function fileEntry(path: string, state: string, value: unknown): StatusMappingEntry {
  if (typeof value === 'string') {
    return { status: derivedStatusName(state, path), category: checkedCategory(value.trim(), state, path) };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw fileError(path, `"${state}" must map to a category or to { category, status }`);
  }
  const { category, status, ...rest } = value as Record<string, unknown>;
  const unexpected = Object.keys(rest);
  if (unexpected.length > 0) {
    throw fileError(path, `"${state}" has unknown key(s) ${unexpected.join(', ')}; only category and status`);
  }
  if (typeof category !== 'string') throw fileError(path, `"${state}" needs a category`);
  if (status !== undefined && (typeof status !== 'string' || !isStatusName(status))) {
    throw new CliError(
      'STATUS_NAME_INVALID',
      `${path}: the status name of "${state}" must be lower_snake_case (e.g. awaiting_customer), got ${JSON.stringify(status)}`,
      exitCodes.badInput,
      { state, status },
    );
  }
  return {
    status: status ?? derivedStatusName(state, path),
    category: checkedCategory(category.trim(), state, path),
  };
}

function checkedCategory(category: string, state: string, where = '--status-map'): StatusCategory {
  if ((statusCategories as readonly string[]).includes(category)) return category as StatusCategory;
  throw new CliError(
    'STATUS_CATEGORY_UNKNOWN',
    `${where}: "${category}" is not a status category (for the state "${state}"); use one of ${statusCategories.join(', ')}`,
    exitCodes.badInput,
    { state, category, allowed: [...statusCategories] },
  );
}

function derivedStatusName(state: string, where: string): string {
  const status = statusNameForLabel(state);
  if (status !== undefined) return status;
  throw new CliError(
    'STATUS_NAME_INVALID',
    `${where}: the state "${state}" has no lower_snake_case form to name its status by; map it in a --status-mapping file as "${state}": { category: ..., status: a_name }`,
    exitCodes.badInput,
    { state },
  );
}

function fileError(path: string, why: string): CliError {
  return new CliError('STATUS_MAPPING_FILE_INVALID', `${path}: ${why}`);
}

/**
 * The mapping the import used: every default state and every override, overrides marked, with the rows of the log in
 * each state. States are in the default table's order, then added ones in the order given.
 */
export function effectiveStatusMapping(
  choice: StatusMappingChoice | undefined,
  rowsByState: Readonly<Record<string, number>>,
): EffectiveStatusMappingEntry[] {
  const override = choice?.override ?? {};
  const states = [...new Set([...Object.keys(servicenowStatusMapping), ...Object.keys(override)])];
  return states.map((state) => {
    const rows = Object.hasOwn(rowsByState, state) ? rowsByState[state]! : 0;
    const preset = Object.hasOwn(servicenowStatusMapping, state) ? servicenowStatusMapping[state] : undefined;
    if (!Object.hasOwn(override, state)) return { state, ...preset!, overridden: false, rows };
    const entry = override[state]!;
    return {
      state,
      status: entry.status,
      category: entry.category,
      overridden: true,
      ...(preset === undefined ? {} : { default: { status: preset.status, category: preset.category } }),
      source: choice!.sources.get(state) ?? '--status-map',
      rows,
    };
  });
}

/** A warning for each overridden state no row of the log has, naming a state that differs only in case if any. */
export function statusMappingWarnings(
  choice: StatusMappingChoice | undefined,
  rowsByState: Readonly<Record<string, number>>,
): StatusMappingWarning[] {
  if (choice === undefined) return [];
  const inLog = Object.keys(rowsByState);
  const warnings: StatusMappingWarning[] = [];
  for (const state of Object.keys(choice.override)) {
    if (Object.hasOwn(rowsByState, state)) continue;
    const sameButCase = inLog.find((label) => label.toLowerCase() === state.toLowerCase());
    const hint =
      sameButCase === undefined ? `the log's states are ${inLog.join(', ')}` : `did you mean "${sameButCase}"?`;
    warnings.push({
      code: 'STATUS_MAP_STATE_NOT_IN_LOG',
      state,
      message: `no row of the log is in the state "${state}", so mapping it changes nothing; ${hint}`,
    });
  }
  return warnings;
}
