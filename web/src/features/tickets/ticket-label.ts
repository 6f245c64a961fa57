/** How a ticket is named on screen: its key (T-42) where the server gives one, else its external reference. */
import type { Ticket } from '../../api/types.ts';

export function ticketLabel(ticket: Pick<Ticket, 'key' | 'externalRef'>): string {
  if (ticket.key && ticket.externalRef) return `${ticket.key} (${ticket.externalRef}): `;
  if (ticket.key) return `${ticket.key}: `;
  return ticket.externalRef ? `${ticket.externalRef}: ` : '';
}

const channelNames: Record<string, string> = {
  email: 'e-mail',
  portal: 'portal',
  phone: 'phone',
  api: 'API',
  web: 'web',
  import: 'import',
};

export function channelName(channel: string): string {
  return channelNames[channel] ?? channel.replaceAll('_', ' ');
}
