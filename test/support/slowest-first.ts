/**
 * The order test files start in, across all projects (decision 0030): the longest first, so that the last minutes of
 * a run are not one long file alone on one worker while the others idle. vitest's own order runs the projects one after
 * another by name, and within one the files by their last duration or their size.
 *
 * With the durations of a previous run (vitest keeps them in node_modules/.vite), longest first. On a fresh clone,
 * which has none, the kinds of file measured as the longest go first: those that start servers, child processes or a
 * browser, the isolation matrix, and the property tests.
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const knownSlow = [
  /^test\/main\//,
  /^test\/cli\//,
  /^test\/e2e\//,
  /^test\/http\/(isolation|load-demo)\.test\.ts$/,
  /\.property\.test\.ts$/,
];

export class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const root = this.ctx.config.root;
    const path = (spec: TestSpecification) => relative(root, spec.moduleId).replaceAll('\\', '/');
    const lastDurations = sorted.map(
      (spec) => this.ctx.cache.getFileTestResults(`${spec.project.name}:${path(spec)}`)?.duration,
    );
    if (lastDurations.every((duration) => duration !== undefined)) {
      return sorted
        .map((spec, index) => ({ spec, duration: lastDurations[index]! }))
        .sort((a, b) => b.duration - a.duration)
        .map(({ spec }) => spec);
    }
    const rank = (spec: TestSpecification) => (knownSlow.some((pattern) => pattern.test(path(spec))) ? 0 : 1);
    return sorted
      .map((spec, index) => ({ spec, index }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || a.index - b.index)
      .map(({ spec }) => spec);
  }
}
