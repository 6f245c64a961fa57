/** The workspace's business calendars, with their zone and a summary of their hours. */
import { calendarsApi } from '../../api/calendars-api.ts';
import type { CalendarDefinition } from '../../api/types.ts';
import { AsyncView } from '../../components/async-view.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { Pagination } from '../../components/pagination.tsx';
import { TableScroll } from '../../components/table-scroll.tsx';
import { formatDate } from '../../components/time-format.ts';
import { useResource } from '../../components/use-resource.ts';
import { Link, useQueryParams } from '../../routes/router.tsx';
import { useSession } from '../auth/session-context.tsx';

const PAGE_SIZE = 50;

export function CalendarsPage() {
  const { can } = useSession();
  const [params, setParams] = useQueryParams();
  const offset = Number(params.get('offset') ?? 0) || 0;
  const calendars = useResource(() => calendarsApi.list({ limit: PAGE_SIZE, offset }), [offset]);
  return (
    <>
      <PageHeader
        title="Calendars"
        description="Business hours that SLA clocks count in."
        actions={
          can('calendars.write') && (
            <Link className="button" to="/calendars/new">
              New calendar
            </Link>
          )
        }
      />
      <AsyncView resource={calendars} what="calendars" isEmpty={(page) => page.data.length === 0}>
        {(page) => (
          <>
            <TableScroll label="Calendars">
              <table>
                <caption className="visually-hidden">Calendars</caption>
                <thead>
                  <tr>
                    <th scope="col">Calendar</th>
                    <th scope="col">Time zone</th>
                    <th scope="col">Hours</th>
                    <th scope="col">Holidays</th>
                    <th scope="col">Updated</th>
                  </tr>
                </thead>
                <tbody>
                  {page.data.map((calendar) => (
                    <tr key={calendar.id}>
                      <td>
                        <Link to={`/calendars/${calendar.id}`}>{calendar.name}</Link>
                        <div className="small muted mono">{calendar.slug}</div>
                      </td>
                      <td>{calendar.definition === '24x7' ? '—' : calendar.definition.timezone}</td>
                      <td>{hoursOf(calendar.definition)}</td>
                      <td>{holidaysOf(calendar.definition)}</td>
                      <td className="small">{formatDate(calendar.updatedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <Pagination page={page.page} label="calendars" onChange={(next) => setParams({ offset: String(next) })} />
          </>
        )}
      </AsyncView>
    </>
  );
}

function hoursOf(definition: CalendarDefinition): string {
  if (definition === '24x7' || definition.weekly === '24x7') return 'around the clock';
  return definition.weekly
    .map((entry) => {
      const days = entry.days ?? (entry.day ? [entry.day] : []);
      const span = days.length > 1 ? `${days[0]}–${days.at(-1)}` : (days[0] ?? '');
      return `${span} ${entry.start}–${entry.end}`;
    })
    .join(', ');
}

function holidaysOf(definition: CalendarDefinition): string {
  if (definition === '24x7' || !definition.holidays) return 'none';
  const holidays = definition.holidays;
  if (Array.isArray(holidays)) return `${holidays.length} date(s)`;
  const region = Array.isArray(holidays.region) ? holidays.region.join(', ') : holidays.region;
  return [region && `region ${region}`, holidays.dates?.length && `${holidays.dates.length} date(s)`]
    .filter(Boolean)
    .join(' + ');
}
