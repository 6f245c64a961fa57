/**
 * From text (or already-parsed data) to the normalised agreement, or one `AGREEMENT_INVALID` error listing every
 * problem: the schema's issues, each calendar's issues and the cross-references, each with a precise path and, when
 * the agreement came as text, its line and column. Sections are also parsed one by one, so a broken section does
 * not hide the reference errors of the sections that are fine.
 */
import { DomainError } from '../errors.ts';
import { formatPath } from '../validation-issues.ts';
import { checkCalendars } from './agreement-calendars.ts';
import { type AgreementIssue, agreementIssuesFromZod } from './agreement-issues.ts';
import { type Agreement, agreementSchema, type SpecSections, specSections } from './agreement-schema.ts';
import { checkCrossReferences } from './cross-references.ts';
import { type AgreementFormat, readSourceDocument, type SourceDocument } from './source-document.ts';

/**
 * Parses an agreement written in YAML (the default; JSON is YAML too) or strict JSON. Throws `AGREEMENT_PARSE_ERROR`
 * for syntax errors and `AGREEMENT_INVALID` for everything else, with `details.issues` = [{path, code, message,
 * line?, column?}].
 */
export function parseAgreement(text: string, format: AgreementFormat = 'yaml'): Agreement {
  const source = readSourceDocument(text, format);
  return validateDocument(source.value, source);
}

/** Validates and normalises an agreement that is already data (e.g. a JSON request body). */
export function validateAgreement(value: unknown): Agreement {
  return validateDocument(value, undefined);
}

function validateDocument(value: unknown, source: SourceDocument | undefined): Agreement {
  if (value === null || value === undefined) {
    throw invalid([
      { path: '', code: 'AGREEMENT_INVALID', message: 'the document is empty; start with apiVersion: covenant/v1' },
    ]);
  }
  const parsed = agreementSchema.safeParse(value);
  const issues: AgreementIssue[] = parsed.success ? [] : agreementIssuesFromZod(parsed.error.issues);
  issues.push(...unstorableTextIssues(value, []));
  const rawSpec = field(value, 'spec');
  const rawCalendars = field(rawSpec, 'calendars');
  issues.push(...checkCalendars(rawCalendars));

  const spec = parsed.success ? parsed.data.spec : parseSectionsOneByOne(rawSpec);
  const calendarNames = isPlainObject(rawCalendars)
    ? new Set(Object.keys(rawCalendars))
    : rawCalendars === undefined
      ? new Set<string>()
      : undefined;
  issues.push(...checkCrossReferences(spec, calendarNames));

  if (!parsed.success || issues.length > 0) throw invalid(locate(issues, source));
  return parsed.data;
}

/**
 * The line and column of each issue's path in the agreement's text: for problems found outside the core, such as a
 * reference to a workspace calendar that does not exist. Text that does not parse leaves the issues as they are.
 */
export function locateAgreementIssues(
  text: string,
  format: AgreementFormat,
  issues: readonly AgreementIssue[],
): AgreementIssue[] {
  let source: SourceDocument;
  try {
    source = readSourceDocument(text, format);
  } catch {
    return [...issues];
  }
  return locate(issues, source);
}

function parseSectionsOneByOne(rawSpec: unknown): Partial<SpecSections> {
  const sections: Record<string, unknown> = {};
  if (!isPlainObject(rawSpec)) return sections;
  for (const [name, schema] of Object.entries(specSections)) {
    const result = schema.safeParse(rawSpec[name]);
    if (result.success) sections[name] = result.data;
  }
  return sections as Partial<SpecSections>;
}

function locate(issues: readonly AgreementIssue[], source: SourceDocument | undefined): AgreementIssue[] {
  if (!source) return [...issues];
  return issues.map((issue) => ({ ...issue, ...source.locate(issue.path) }));
}

function invalid(issues: readonly AgreementIssue[]): DomainError {
  const first = issues[0]!;
  const where = first.path ? `${first.path}: ` : '';
  const message =
    issues.length === 1
      ? `the agreement is invalid: ${where}${first.message}`
      : `the agreement has ${issues.length} problems, first: ${where}${first.message}`;
  return new DomainError('AGREEMENT_INVALID', message, { issues });
}

/**
 * Text a YAML or JSON escape (`"\0"`, `"\u0000"`, `"\ud800"`) can put in a document but no database can store: the
 * NUL character and lone surrogates (issue 19; the API's text fields refuse the same).
 */
function unstorableTextIssues(value: unknown, path: readonly PropertyKey[]): AgreementIssue[] {
  const issue = (text: string): AgreementIssue[] =>
    text.includes('\u0000') || /\p{Cs}/u.test(text)
      ? [
          {
            path: formatPath(path),
            code: 'AGREEMENT_INVALID',
            message: 'text may not contain the NUL character (U+0000) or a lone surrogate',
          },
        ]
      : [];
  if (typeof value === 'string') return issue(value);
  if (Array.isArray(value)) return value.flatMap((item, index) => unstorableTextIssues(item, [...path, index]));
  if (isPlainObject(value)) {
    return Object.entries(value).flatMap(([key, item]) => [
      ...issue(key),
      ...unstorableTextIssues(item, [...path, key]),
    ]);
  }
  return [];
}

function field(value: unknown, key: string): unknown {
  return isPlainObject(value) ? value[key] : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
