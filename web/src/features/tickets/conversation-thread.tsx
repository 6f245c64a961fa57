/**
 * The conversation on a ticket as one thread: public messages in and out on every channel, internal notes (marked
 * and labelled, provider only), logged calls with caller and duration, and automatic mail collapsed with its reason.
 * Quoted history is folded behind "Show quoted text"; HTML is shown in a sandboxed frame that can run and load
 * nothing, or as text.
 */
import { useState } from 'react';
import type { TicketMessage } from '../../api/conversation-types.ts';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { formatInstant } from '../../components/time-format.ts';
import { reasonText } from '../mail/mail-reasons.ts';
import {
  type Audience,
  authorLabel,
  formatCallDuration,
  formatFileSize,
  htmlDocument,
  splitQuoted,
  threadFor,
} from './conversation.ts';
import { channelName } from './ticket-label.ts';

export function ConversationThread({
  messages,
  audience,
  zone,
}: {
  messages: readonly TicketMessage[];
  audience: Audience;
  zone: string;
}) {
  const thread = threadFor(messages, audience);
  if (thread.length === 0)
    return (
      <p className="empty">
        {audience === 'customer' ? 'No messages yet.' : 'No messages yet: replies, notes and calls appear here.'}
      </p>
    );
  return (
    <ol className="thread" aria-label="Conversation">
      {thread.map((message) => (
        <li key={message.id}>
          {message.kind === 'automatic' ? (
            <AutomaticMessage message={message} zone={zone} />
          ) : (
            <MessageCard message={message} audience={audience} zone={zone} />
          )}
        </li>
      ))}
    </ol>
  );
}

function heading(message: TicketMessage, audience: Audience): string {
  if (message.kind === 'note') return 'Internal note';
  if (message.kind === 'call') return message.direction === 'in' ? 'Phone call from the customer' : 'Phone call';
  if (message.direction === 'in') return audience === 'customer' ? 'You wrote' : 'Customer wrote';
  return audience === 'customer' ? 'Provider replied' : 'Reply to the customer';
}

function MessageCard({ message, audience, zone }: { message: TicketMessage; audience: Audience; zone: string }) {
  const cc = message.recipients.filter((recipient) => recipient.kind === 'cc');
  return (
    <article
      className="message"
      data-kind={message.kind}
      data-direction={message.direction}
      aria-label={heading(message, audience)}
    >
      <header className="message-header">
        <div>
          <strong>{heading(message, audience)}</strong>
          <span className="muted small"> · {authorLabel(message)}</span>
        </div>
        <div className="row small">
          {message.kind !== 'note' && <Badge>{channelName(message.channel)}</Badge>}
          {message.delivery && <DeliveryBadge delivery={message.delivery} />}
          <time dateTime={message.occurredAt} className="muted">
            {formatInstant(message.occurredAt, zone)}
          </time>
        </div>
      </header>
      {cc.length > 0 && (
        <p className="small muted message-meta">cc: {cc.map((recipient) => recipient.address).join(', ')}</p>
      )}
      {message.call && (
        <p className="small message-meta">
          Caller <strong>{message.call.caller}</strong>, started {formatInstant(message.call.startedAt, zone)},{' '}
          {formatCallDuration(message.call.durationSeconds)}
        </p>
      )}
      <MessageBody message={message} />
      {message.attachments.length > 0 && <Attachments message={message} />}
    </article>
  );
}

function DeliveryBadge({ delivery }: { delivery: NonNullable<TicketMessage['delivery']> }) {
  if (delivery.state === 'sent') return <Badge tone="green">sent</Badge>;
  if (delivery.state === 'failed')
    return (
      <Badge tone="red" title={delivery.error ?? undefined}>
        not delivered{delivery.error ? `: ${delivery.error}` : ''}
      </Badge>
    );
  return <Badge tone="amber">queued</Badge>;
}

/**
 * Text first (the same look for every message, the quoted history folded); the HTML as sent on request, in a frame
 * with an empty sandbox. A message with no text part shows its HTML at once.
 */
function MessageBody({ message }: { message: TicketMessage }) {
  const body = splitQuoted(message);
  const [asHtml, setAsHtml] = useState(() => message.html !== null && body.visible.trim() === '' && body.quoted === '');
  const [showQuoted, setShowQuoted] = useState(false);
  const html = message.html && asHtml ? message.html : null;
  return (
    <div className="message-body">
      {html ? (
        <div className="html-frame" style={{ height: `${frameHeight(message.text)}rem` }}>
          <iframe
            title={`Message as sent${message.subject ? `: ${message.subject}` : ''}`}
            sandbox=""
            srcDoc={htmlDocument(html)}
            referrerPolicy="no-referrer"
          />
        </div>
      ) : (
        body.visible && <div className="message-text">{body.visible}</div>
      )}
      <div className="row small">
        {!html && body.quoted && (
          <Button variant="link" aria-expanded={showQuoted} onClick={() => setShowQuoted(!showQuoted)}>
            {showQuoted ? 'Hide quoted text' : 'Show quoted text'}
          </Button>
        )}
        {message.html && (
          <Button variant="link" onClick={() => setAsHtml(!asHtml)}>
            {asHtml ? 'Show as text' : 'Show as sent (HTML)'}
          </Button>
        )}
      </div>
      {!html && body.quoted && showQuoted && <div className="message-text quoted">{body.quoted}</div>}
    </div>
  );
}

/** A frame cannot be measured from outside its sandbox: its height follows the text part's length, and it can be resized. */
function frameHeight(text: string): number {
  const lines = text.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / 90)), 0);
  return Math.min(30, Math.max(6, lines * 1.4 + 2));
}

function Attachments({ message }: { message: TicketMessage }) {
  return (
    <ul className="attachments" aria-label="Attachments">
      {message.attachments.map((attachment) => {
        const name = attachment.filename ?? `attachment (${attachment.contentType})`;
        return (
          <li key={attachment.id}>
            {attachment.url && !attachment.omittedReason ? (
              <a href={attachment.url} download={attachment.filename ?? true}>
                {name}
              </a>
            ) : (
              <span>{name}</span>
            )}{' '}
            <span className="small muted">
              {formatFileSize(attachment.size)}
              {attachment.inline ? ', inline' : ''}
              {attachment.omittedReason ? ` — not kept: ${attachment.omittedReason}` : ''}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

function AutomaticMessage({ message, zone }: { message: TicketMessage; zone: string }) {
  const sent = message.direction === 'out';
  const to = message.recipients.map((recipient) => recipient.address).join(', ');
  return (
    <details className="message message-automatic" data-kind="automatic">
      <summary>
        <span>
          {sent ? `Automatic message sent${to ? ` to ${to}` : ''}` : `Automatic mail from ${authorLabel(message)}`}
          {message.automaticReason ? ` — ${reasonText(message.automaticReason)}` : ''}
        </span>{' '}
        {message.delivery && <DeliveryBadge delivery={message.delivery} />}{' '}
        <time dateTime={message.occurredAt} className="muted small">
          {formatInstant(message.occurredAt, zone)}
        </time>
      </summary>
      <p className="small muted">
        {sent
          ? 'Covenant sent it on its own; it is not a response.'
          : 'It changed nothing on the ticket: automatic mail never counts as a reply.'}
      </p>
      {message.subject && <p className="small">Subject: {message.subject}</p>}
      <MessageBody message={message} />
    </details>
  );
}
