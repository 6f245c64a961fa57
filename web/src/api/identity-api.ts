/** Sign-in, the session, users, API tokens, customers. */
import { api, type Query } from './client.ts';
import type { ApiToken, Customer, LoginAnswer, Page, Role, Session, User } from './types.ts';

export const identityApi = {
  login: (email: string, password: string) => api.post<LoginAnswer>('/api/v1/auth/login', { email, password }),
  logout: () => api.post<void>('/api/v1/auth/logout'),
  session: () => api.get<Session>('/api/v1/auth/session'),

  listUsers: (query: Query) => api.get<Page<User>>('/api/v1/users', query),
  createUser: (body: { email: string; name: string; role: Role; customerId?: string | null; password: string }) =>
    api.post<User>('/api/v1/users', body),
  updateUser: (
    id: string,
    body: Partial<{ name: string; role: Role; customerId: string | null; password: string; disabled: boolean }>,
  ) => api.patch<User>(`/api/v1/users/${id}`, body),

  listTokens: (query: Query) => api.get<Page<ApiToken>>('/api/v1/tokens', query),
  createToken: (body: { name: string; role: Role; customerId?: string | null }) =>
    api.post<ApiToken & { token: string }>('/api/v1/tokens', body),
  revokeToken: (id: string) => api.delete(`/api/v1/tokens/${id}`),

  listCustomers: (query: Query = { limit: 500 }) => api.get<Page<Customer>>('/api/v1/customers', query),
  getCustomer: (id: string) => api.get<Customer>(`/api/v1/customers/${id}`),
};
