/**
 * E-mail domains as chips: type or paste one or several and press Enter (or a comma, or leave the box); each chip has
 * a remove button; a chip the server refused is marked and carries its message.
 */
import { type KeyboardEvent, useId, useState } from 'react';
import { addDomains, removeDomain } from './domain-chips.ts';

export function DomainChipInput({
  domains,
  onChange,
  problems,
  disabled,
}: {
  domains: readonly string[];
  onChange: (domains: string[]) => void;
  /** The server's messages by chip index ("emailDomains.2") and for the whole list ("emailDomains"). */
  problems: Readonly<Record<string, string>>;
  disabled?: boolean;
}) {
  const id = useId();
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const commit = () => {
    if (typed.trim() === '') return;
    const entry = addDomains(domains, typed);
    onChange(entry.chips);
    setTyped(entry.rejected);
    setProblem(entry.problem);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' || event.key === ',' || event.key === ';') {
      event.preventDefault();
      commit();
    } else if (event.key === 'Backspace' && typed === '' && domains.length > 0) {
      onChange(domains.slice(0, -1));
    }
  };
  const listProblem = problems.emailDomains;
  const chipProblems = domains.map((_, index) => problems[`emailDomains.${index}`]);
  const taken = listProblem && !chipProblems.some(Boolean) ? listProblem : null;
  const message = problem ?? (chipProblems.some(Boolean) ? null : taken);
  return (
    <div className="field">
      <label htmlFor={`${id}-input`}>E-mail domains</label>
      <div className="chips" data-invalid={Boolean(problem || listProblem) || undefined}>
        <ul className="chip-list" aria-label="E-mail domains">
          {domains.map((domain, index) => (
            <li
              key={domain}
              className="chip"
              data-invalid={chipProblems[index] ? 'true' : undefined}
              title={chipProblems[index]}
            >
              <span>{domain}</span>
              {!disabled && (
                <button
                  type="button"
                  className="chip-remove"
                  aria-label={`Remove ${domain}`}
                  onClick={() => onChange(removeDomain(domains, domain))}
                >
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
        {!disabled && (
          <input
            id={`${id}-input`}
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            onKeyDown={onKeyDown}
            onBlur={commit}
            placeholder={domains.length === 0 ? 'acme.example' : 'Add a domain'}
            aria-describedby={`${id}-hint${problem || listProblem ? ` ${id}-error` : ''}`}
            aria-invalid={problem || listProblem ? true : undefined}
          />
        )}
      </div>
      <span className="hint" id={`${id}-hint`}>
        Mail from these domains is this customer's when the sender is not one of its contacts. Press Enter after each; a
        domain can belong to one customer only.
      </span>
      {(message || chipProblems.some(Boolean)) && (
        <span className="field-error" id={`${id}-error`} role="alert">
          {message ??
            chipProblems
              .map((text, index) => (text ? chipMessage(domains[index]!, text) : null))
              .filter(Boolean)
              .join(' ')}
        </span>
      )}
    </div>
  );
}

/** "gmail.com: is a public mail provider …", or the message as it is when it already names the domain. */
function chipMessage(domain: string, text: string): string {
  return text.startsWith(domain) ? text : `${domain}: ${text[0]!.toLowerCase()}${text.slice(1)}`;
}
