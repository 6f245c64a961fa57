/**
 * The e-mails of a ticket's conversation. An agent's reply is their text as they wrote it, signed with their name:
 * it must read like a person's mail, not a notification. The acknowledgement of a request uses the notification
 * layout: the ticket's key, its priority and when the first response is due, written in the requester's zone.
 */
import type { AcknowledgementEmail, ConversationReplyEmail } from '../../app/ports/conversation-mail.ts';
import type { RenderedEmail } from '../../app/ports/notification-content.ts';
import { ticketLink } from '../covenant-links.ts';
import { escapeHtml, formatInstant } from './email-formatting.ts';
import { renderEmail } from './email-layout.ts';

export function renderConversationReplyEmail(reply: ConversationReplyEmail): RenderedEmail {
  const signature = reply.authorName ? `\n\n-- \n${reply.authorName}\n` : '\n';
  const text = `${reply.text.replace(/\r\n?/g, '\n').trimEnd()}${signature}`;
  const paragraphs = text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  const html = `<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>${escapeHtml(reply.subject)}</title></head>
<body style="font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:14px;line-height:1.5;color:#1f2328">
${paragraphs}
</body>
</html>
`;
  return { subject: reply.subject, text, html };
}

export function renderAcknowledgementEmail(
  acknowledgement: AcknowledgementEmail,
  options: { baseUrl: string },
): RenderedEmail {
  const { ticket } = acknowledgement;
  const due =
    acknowledgement.firstResponseDueAt === null
      ? 'as soon as the request is assessed'
      : formatInstant(acknowledgement.firstResponseDueAt, acknowledgement.timeZone);
  const rendered = renderEmail({
    subject: acknowledgement.subject,
    tone: 'info',
    heading: `We received your request: ${ticket.key}`,
    intro: `Your request "${ticket.title}" is recorded as ${ticket.key}. Keep ${ticket.key} in the subject when you write about it; replying to this e-mail is enough.`,
    facts: [
      { label: 'Ticket', value: ticket.key },
      { label: 'Priority', value: ticket.priority ?? 'to be assessed' },
      { label: 'First response by', value: due },
    ],
    sections: [],
    link: { label: 'Follow the request', url: ticketLink(options.baseUrl, ticket.id) },
    footer: 'This acknowledgement was sent automatically by Covenant.',
  });
  return rendered;
}
