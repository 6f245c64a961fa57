/** Lint findings and validation issues: severity in words, the path, the message and the suggested fix. */
import type { LintFinding } from '../../api/types.ts';
import { Button } from '../../components/button.tsx';

export function FindingList({
  findings,
  lineOf,
  onGoTo,
}: {
  findings: readonly LintFinding[];
  lineOf?: (path: string) => number | null;
  onGoTo?: (line: number) => void;
}) {
  return (
    <ul className="lint-list">
      {findings.map((finding) => {
        const line = lineOf?.(finding.path) ?? null;
        return (
          <li
            key={`${finding.path}|${finding.rule}|${finding.message}`}
            className="lint-item"
            data-severity={finding.severity}
          >
            <strong>{finding.severity === 'error' ? 'Error' : 'Warning'}</strong> at{' '}
            <code>{finding.path || '(document)'}</code>
            {line !== null && (
              <>
                {' '}
                {onGoTo ? (
                  <Button variant="link" onClick={() => onGoTo(line)}>
                    line {line}
                  </Button>
                ) : (
                  <span>line {line}</span>
                )}
              </>
            )}
            : {finding.message}
            {finding.suggestion && <div className="small">Suggestion: {finding.suggestion}</div>}
            {finding.rule && <div className="small muted">rule {finding.rule}</div>}
          </li>
        );
      })}
    </ul>
  );
}
