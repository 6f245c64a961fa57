/**
 * The web addresses notifications point to, in one place so e-mails and webhook payloads agree with each other and
 * with the UI's routes. Every path segment and query value is escaped: ids and periods come from data.
 */

/** `${baseUrl}/tickets/${ticketId}` */
export function ticketLink(baseUrl: string, ticketId: string): string {
  return `${trimBase(baseUrl)}/tickets/${encodeURIComponent(ticketId)}`;
}

/** `${baseUrl}/reports/${agreementId}?period=${period}` */
export function reportLink(baseUrl: string, agreementId: string, period: string): string {
  return `${trimBase(baseUrl)}/reports/${encodeURIComponent(agreementId)}?${new URLSearchParams({ period })}`;
}

function trimBase(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}
