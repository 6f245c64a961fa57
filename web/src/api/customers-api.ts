/** Customers, their e-mail domains and time zone, and their contacts. */
import { api, type Query } from './client.ts';
import type { Contact, Customer, Page } from './types.ts';

export interface CustomerInput {
  slug: string;
  name: string;
  timezone: string | null;
  emailDomains: string[];
}

export interface ContactInput {
  name: string;
  email: string;
  title: string | null;
  phone: string | null;
  role: string | null;
  signatory: boolean;
}

export const customersApi = {
  list: (query: Query, signal?: AbortSignal) => api.get<Page<Customer>>('/api/v1/customers', query, signal),
  get: (id: string) => api.get<Customer>(`/api/v1/customers/${id}`),
  create: (body: CustomerInput) => api.post<Customer>('/api/v1/customers', body),
  update: (id: string, body: Partial<Omit<CustomerInput, 'slug'>>) =>
    api.patch<Customer>(`/api/v1/customers/${id}`, body),
  remove: (id: string) => api.delete(`/api/v1/customers/${id}`),
  contacts: (id: string) => api.get<{ data: Contact[] }>(`/api/v1/customers/${id}/contacts`),
  addContact: (id: string, body: ContactInput) => api.post<Contact>(`/api/v1/customers/${id}/contacts`, body),
  updateContact: (id: string, contactId: string, body: Partial<ContactInput>) =>
    api.patch<Contact>(`/api/v1/customers/${id}/contacts/${contactId}`, body),
  removeContact: (id: string, contactId: string) => api.delete(`/api/v1/customers/${id}/contacts/${contactId}`),
};
