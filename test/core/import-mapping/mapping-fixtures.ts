/** Mappings the import-mapping tests share: a small ServiceNow-like event log and a snapshot export. */

export const eventLogMappingYaml = `
shape: event_log
caseId: number
timestamps: { format: D/M/YYYY H:mm, zone: America/Sao_Paulo }
missingValues: ['', '?']
eventLog: { at: updated_at, openedAt: opened_at }
event:
  column: state
  values:
    New: { event: status, status: new }
    Active: { event: status, status: active }
    Awaiting User Info: { event: status, status: awaiting_user_info }
    Resolved: { event: resolved, status: resolved }
    Closed: { event: closed, status: closed }
    Reply: { event: reply }
    "-100": ignore
priority:
  column: priority
  values: { "1 - Critical": P1, "2 - High": P2, "3 - Moderate": P3, "4 - Low": P4 }
service: { column: category, default: other, values: { Category 55: erp } }
customer: { fixed: acme }
actor: { column: updated_by, values: { Caller: customer }, default: agent }
text: { title: title, description: [notes, more_notes] }
`;

export const snapshotMappingYaml = `
shape: snapshot
caseId: id
timestamps: { format: iso, zone: Europe/Warsaw }
snapshot: { openedAt: created, resolvedAt: resolved, closedAt: closed }
impact: { column: impact }
urgency: { column: urgency }
`;
