/**
 * The rules live in the repository: code cites docs/semantics.md, never the product contract (SPEC) that a clone of
 * the repository does not have, and every `docs/semantics.md#<anchor>` pointer names a heading that exists, so a
 * renamed heading cannot leave the code pointing nowhere.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const semanticsPath = 'docs/semantics.md';

/** Where code and generated files live: none of them may cite SPEC. */
const codeFolders = ['src', 'web/src', 'bench', 'scripts', 'schemas'];
/** Where pointers into the semantics doc may appear: the code, the tests and the docs. */
const pointerFolders = [...codeFolders, 'test', 'docs'];
const pointerFiles = ['README.md'];

/**
 * Applied migrations are checksummed at start-up (src/store/migrate.ts): editing even a comment in one would stop every
 * existing database from starting, so their text is frozen as it was applied.
 */
const frozenFiles = new Set(['src/store/migrations/0003_reports.sql']);

const skippedFolders = new Set(['node_modules', 'dist', '.git']);

/** Repository-relative paths of the text files under a folder. */
function filesUnder(folder: string): string[] {
  const files: string[] = [];
  const walk = (absolute: string) => {
    for (const entry of readdirSync(absolute, { withFileTypes: true })) {
      if (skippedFolders.has(entry.name)) continue;
      const path = join(absolute, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(relative(root, path).split('\\').join('/'));
    }
  };
  const start = join(root, folder);
  if (statSync(start, { throwIfNoEntry: false })?.isDirectory()) walk(start);
  return files;
}

function readText(path: string): string | null {
  const text = readFileSync(join(root, path), 'utf8');
  return text.includes('\u0000') ? null : text;
}

/** The anchor GitHub gives a heading: its text lower-cased, punctuation dropped, spaces turned into hyphens. */
function githubAnchor(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*~]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor of a markdown text, with GitHub's `-1`, `-2` suffixes for repeated headings. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading === null) continue;
    const base = githubAnchor(heading[1]!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

interface Finding {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

function findLines(files: readonly string[], pattern: RegExp, keep: (match: RegExpExecArray) => boolean): Finding[] {
  const findings: Finding[] = [];
  for (const file of files) {
    const text = readText(file);
    if (text === null) continue;
    text.split('\n').forEach((line, index) => {
      for (const match of line.matchAll(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`))) {
        if (keep(match as RegExpExecArray)) findings.push({ file, line: index + 1, text: match[0] });
      }
    });
  }
  return findings;
}

const show = (findings: readonly Finding[]) => findings.map((f) => `${f.file}:${f.line}: ${f.text}`);

describe('the rules live in the repository (docs/semantics.md)', () => {
  it('computes anchors as GitHub does', () => {
    expect(githubAnchor('Round the clock (24x7)')).toBe('round-the-clock-24x7');
    expect(githubAnchor('Tickets, events and SLA clocks')).toBe('tickets-events-and-sla-clocks');
    expect(githubAnchor('The `nextCheckAt` field')).toBe('the-nextcheckat-field');
    expect([...anchorsOf('# A\n## B\n```\n# not a heading\n```\n## B\n')]).toEqual(['a', 'b', 'b-1']);
  });

  it('no source, script, benchmark or schema cites SPEC, a document a clone does not have', () => {
    const files = codeFolders.flatMap(filesUnder).filter((file) => !frozenFiles.has(file));
    expect(files.length).toBeGreaterThan(100);
    const citations = findLines(files, /\bSPEC\b[^\n]{0,40}/, () => true);
    expect(show(citations)).toEqual([]);
  });

  it('every pointer into docs/semantics.md names one of its headings', () => {
    const anchors = anchorsOf(readFileSync(join(root, semanticsPath), 'utf8'));
    expect(anchors.size).toBeGreaterThan(30);
    const files = [...pointerFolders.flatMap(filesUnder), ...pointerFiles];
    const pointers = findLines(files, /docs\/semantics\.md#([\p{L}\p{N}_-]+)/u, () => true);
    expect(pointers.length).toBeGreaterThan(20);
    const broken = pointers.filter((pointer) => !anchors.has(pointer.text.slice(`${semanticsPath}#`.length)));
    expect(show(broken)).toEqual([]);
  });

  it('code points into docs/semantics.md in one form, docs/semantics.md#<anchor>', () => {
    const files = codeFolders.flatMap(filesUnder).filter((file) => !frozenFiles.has(file));
    const otherForms = findLines(files, /docs\/semantics\.md(?!#[\p{L}\p{N}_-])[^\n]{0,40}/u, () => true);
    expect(show(otherForms)).toEqual([]);
  });

  it('the links inside docs/semantics.md name its own headings', () => {
    const text = readFileSync(join(root, semanticsPath), 'utf8');
    const anchors = anchorsOf(text);
    const links = [...text.matchAll(/\]\(#([^)]*)\)/g)].map((match) => match[1]!);
    expect(links.filter((anchor) => !anchors.has(anchor))).toEqual([]);
  });
});
