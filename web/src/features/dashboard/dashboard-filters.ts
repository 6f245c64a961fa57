/** The dashboard's filters, kept in the URL so a filtered view can be bookmarked and shared. */
import { useQueryParams } from '../../routes/router.tsx';

export interface DashboardFilters {
  readonly customerId: string;
  readonly service: string;
  readonly priority: string;
}

export function useDashboardFilters(): [DashboardFilters, (changes: Partial<DashboardFilters>) => void] {
  const [params, setParams] = useQueryParams();
  const filters = {
    customerId: params.get('customer') ?? '',
    service: params.get('service') ?? '',
    priority: params.get('priority') ?? '',
  };
  const update = (changes: Partial<DashboardFilters>) =>
    setParams({
      ...(changes.customerId !== undefined ? { customer: changes.customerId } : {}),
      ...(changes.service !== undefined ? { service: changes.service } : {}),
      ...(changes.priority !== undefined ? { priority: changes.priority } : {}),
    });
  return [filters, update];
}
