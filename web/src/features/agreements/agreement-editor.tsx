/**
 * The agreement editor: a form view and a YAML view of one document, kept in sync (the YAML text is the state; the
 * form reads and writes it). Findings from the server's last check (lint, or validation issues of a refused save)
 * appear at the form field they concern and, in the YAML view, with the line they point to.
 */
import { type ReactNode, useMemo, useRef, useState } from 'react';
import type { Customer, LintFinding } from '../../api/types.ts';
import { Button } from '../../components/button.tsx';
import { Notice } from '../../components/feedback.tsx';
import { Tabs } from '../../components/tabs.tsx';
import { lineOfPath, parseAgreement, withAppended, withRemoved, withValue } from './agreement-document.ts';
import { AgreementForm } from './agreement-form.tsx';
import { FindingList } from './finding-list.tsx';

export interface EditorFindings {
  readonly findings: readonly LintFinding[];
  /** What the findings are about, e.g. "version 2 as saved at 10:42". */
  readonly source: string;
}

export function AgreementEditor({
  text,
  onTextChange,
  findings,
  customers,
  readOnly,
  actions,
}: {
  text: string;
  onTextChange: (text: string) => void;
  findings: EditorFindings | null;
  customers: readonly Customer[];
  readOnly: boolean;
  actions?: ReactNode;
}) {
  const [view, setView] = useState<'form' | 'yaml'>('form');
  const parsed = useMemo(() => parseAgreement(text), [text]);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const list = findings?.findings ?? [];
  const errors = list.filter((finding) => finding.severity === 'error').length;

  const goToLine = (line: number) => {
    setView('yaml');
    requestAnimationFrame(() => {
      const area = textareaRef.current;
      if (!area) return;
      const lines = area.value.split('\n');
      const start = lines.slice(0, line - 1).reduce((sum, current) => sum + current.length + 1, 0);
      area.focus();
      area.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
      const lineHeight = Number.parseFloat(getComputedStyle(area).lineHeight) || 18;
      area.scrollTop = Math.max(0, (line - 5) * lineHeight);
    });
  };

  return (
    <div className="stack">
      {findings && (
        <Notice
          tone={errors > 0 ? 'error' : list.length > 0 ? 'warning' : 'success'}
          title={
            list.length === 0
              ? `No findings (${findings.source})`
              : `${errors} error(s), ${list.length - errors} warning(s) (${findings.source})`
          }
        >
          {list.length > 0 && (
            <p>Each finding is shown at its field in the form view and with its line in the YAML view.</p>
          )}
        </Notice>
      )}
      {parsed.errors.length > 0 && (
        <Notice tone="error" title="The YAML cannot be read" role="alert">
          <ul>
            {parsed.errors.map((error) => (
              <li key={`${error.line}-${error.message}`}>
                <Button variant="link" onClick={() => goToLine(error.line)}>
                  line {error.line}
                </Button>
                : {error.message}
              </li>
            ))}
          </ul>
        </Notice>
      )}
      <Tabs
        label="Editor views"
        tabs={[
          { id: 'form', label: 'Form' },
          { id: 'yaml', label: 'YAML' },
        ]}
        selected={view}
        onSelect={(id) => setView(id as 'form' | 'yaml')}
      >
        {view === 'form' ? (
          parsed.document ? (
            <AgreementForm
              document={parsed.document}
              findings={list}
              customers={customers}
              readOnly={readOnly}
              onChange={(path, value) => onTextChange(withValue(text, path, value))}
              onAppendTarget={() =>
                onTextChange(
                  withAppended(text, 'spec.targets', {
                    id: `target-${Date.now().toString(36)}`,
                    metric: 'resolution',
                    priorities: [],
                    within: 'PT8H',
                    goal: '90%',
                  }),
                )
              }
              onRemoveTarget={(index) => onTextChange(withRemoved(text, `spec.targets.${index}`))}
            />
          ) : (
            <Notice tone="warning">Fix the YAML errors above to use the form view.</Notice>
          )
        ) : (
          <div className="stack">
            {list.length > 0 && (
              <FindingList findings={list} lineOf={(path) => lineOfPath(parsed, path)} onGoTo={goToLine} />
            )}
            <label htmlFor="agreement-yaml" className="label">
              Agreement document (YAML, apiVersion covenant/v1)
            </label>
            <textarea
              id="agreement-yaml"
              ref={textareaRef}
              className="code"
              spellCheck={false}
              readOnly={readOnly}
              value={text}
              onChange={(event) => onTextChange(event.target.value)}
              onKeyDown={(event) => {
                // Tab indents (two spaces) instead of leaving the field; Escape then Tab leaves it.
                if (event.key === 'Tab' && !event.shiftKey && !readOnly && !event.currentTarget.dataset.escaped) {
                  event.preventDefault();
                  const area = event.currentTarget;
                  const { selectionStart, selectionEnd } = area;
                  onTextChange(`${text.slice(0, selectionStart)}  ${text.slice(selectionEnd)}`);
                  requestAnimationFrame(() => area.setSelectionRange(selectionStart + 2, selectionStart + 2));
                }
                if (event.key === 'Escape') event.currentTarget.dataset.escaped = 'true';
                else if (event.key !== 'Tab') delete event.currentTarget.dataset.escaped;
              }}
              aria-describedby="agreement-yaml-hint"
            />
            <span id="agreement-yaml-hint" className="small muted">
              Tab indents by two spaces; press Escape, then Tab, to move on.
            </span>
          </div>
        )}
      </Tabs>
      {actions && <div className="row">{actions}</div>}
    </div>
  );
}
