/** Customers and their contacts. Customer representatives see only their own customer. */
import { z } from 'zod';
import {
  addContact,
  createCustomer,
  deleteContact,
  deleteCustomer,
  getCustomer,
  listContacts,
  listCustomers,
  updateContact,
  updateCustomer,
} from '../../app/customers/manage-customers.ts';
import type { ContactRecord, CustomerRecord } from '../../app/ports/customer-repository.ts';
import { emailDomainMessages, emailDomainProblem, normaliseEmailDomain } from '../../core/contacts/email-domain.ts';
import { isPhoneNumber, phoneNumberMessage } from '../../core/contacts/phone-number.ts';
import { principalOf } from '../authentication.ts';
import type { HttpDependencies } from '../http-dependencies.ts';
import type { ZodApp } from '../zod-app.ts';
import {
  errorBody,
  idParams,
  instantSchema,
  iso,
  listEnvelope,
  pageBody,
  pageOf,
  pageQuery,
  slug,
  standardErrors,
  textInput,
  timezoneInput,
} from './route-schemas.ts';

export const customerSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  timezone: z.string().nullable(),
  emailDomains: z
    .array(z.string())
    .describe("Mail from these domains is this customer's when the sender is not a contact (lower case)."),
  createdAt: instantSchema,
  updatedAt: instantSchema,
});

const contactSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  name: z.string(),
  email: z.string(),
  title: z.string().nullable(),
  phone: z.string().nullable(),
  role: z.string().nullable().describe('The part the contact plays for support, e.g. key user or escalation contact.'),
  signatory: z.boolean(),
  createdAt: instantSchema,
});

/** A domain as typed ("@ACME.example" is acme.example); the use-case stores its normal form. */
const emailDomainInput = textInput
  .max(254)
  .refine((text) => emailDomainProblem(normaliseEmailDomain(text)) !== 'malformed', {
    error: emailDomainMessages.malformed,
    abort: true,
  })
  .refine((text) => emailDomainProblem(normaliseEmailDomain(text)) !== 'public', {
    error: emailDomainMessages.public,
  });
const emailDomainsInput = z
  .array(emailDomainInput)
  .max(50)
  .describe(
    'E-mail domains (at most 50); each may belong to one customer of the workspace only (409 EMAIL_DOMAIN_TAKEN).',
  );

const phoneInput = textInput.max(50).refine(isPhoneNumber, { error: phoneNumberMessage });
const contactFields = {
  name: textInput.min(1).max(200),
  email: z.email().max(254).describe('Unique among the contacts of the workspace (409 CONTACT_EMAIL_TAKEN).'),
  title: textInput.max(200).nullable().optional().describe('Job title.'),
  phone: phoneInput.nullable().optional(),
  role: textInput.max(100).nullable().optional(),
  signatory: z.boolean().optional(),
};

export function presentCustomer(customer: CustomerRecord): z.infer<typeof customerSchema> {
  return {
    id: customer.id,
    slug: customer.slug,
    name: customer.name,
    timezone: customer.timezone,
    emailDomains: [...customer.emailDomains],
    createdAt: iso(customer.createdAt),
    updatedAt: iso(customer.updatedAt),
  };
}

function presentContact(contact: ContactRecord): z.infer<typeof contactSchema> {
  return { ...contact, createdAt: iso(contact.createdAt) };
}

const contactParams = z.strictObject({ id: z.uuid(), contactId: z.uuid() });

export function customerRoutes(app: ZodApp, dependencies: HttpDependencies): void {
  const { store } = dependencies;
  app.get(
    '/api/v1/customers',
    {
      schema: {
        tags: ['customers'],
        summary: 'List customers',
        querystring: z.strictObject({
          ...pageQuery,
          search: textInput.max(100).optional().describe('Part of the name or id.'),
          sort: z.enum(['name', '-name', 'created', '-created']).default('name'),
        }),
        response: { 200: listEnvelope(customerSchema), ...standardErrors },
      },
    },
    async (request) => {
      const { search, sort, ...page } = request.query;
      return pageBody(
        await listCustomers(store, principalOf(request), pageOf(page), { search, sort }),
        presentCustomer,
      );
    },
  );
  app.post(
    '/api/v1/customers',
    {
      schema: {
        tags: ['customers'],
        summary: 'Create a customer',
        body: z.strictObject({
          slug,
          name: textInput.min(1).max(200),
          timezone: timezoneInput.nullable().optional(),
          emailDomains: emailDomainsInput.optional(),
        }),
        response: { 201: customerSchema, ...standardErrors, 409: errorBody },
      },
    },
    async (request, reply) =>
      reply.status(201).send(presentCustomer(await createCustomer(dependencies, principalOf(request), request.body))),
  );
  app.get(
    '/api/v1/customers/:id',
    {
      schema: {
        tags: ['customers'],
        summary: 'A customer',
        params: idParams,
        response: { 200: customerSchema, ...standardErrors },
      },
    },
    async (request) => presentCustomer(await getCustomer(store, principalOf(request), request.params.id)),
  );
  app.patch(
    '/api/v1/customers/:id',
    {
      schema: {
        tags: ['customers'],
        summary: 'Change a customer',
        params: idParams,
        body: z.strictObject({
          name: textInput.min(1).max(200).optional(),
          timezone: timezoneInput.nullable().optional(),
          emailDomains: emailDomainsInput.optional(),
        }),
        response: { 200: customerSchema, ...standardErrors, 409: errorBody },
      },
    },
    async (request) =>
      presentCustomer(await updateCustomer(dependencies, principalOf(request), request.params.id, request.body)),
  );
  app.delete(
    '/api/v1/customers/:id',
    {
      schema: {
        tags: ['customers'],
        summary: 'Delete a customer that has no agreements, tickets or users',
        params: idParams,
        response: { 204: z.null(), ...standardErrors, 409: errorBody },
      },
    },
    async (request, reply) => {
      await deleteCustomer(dependencies, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/v1/customers/:id/contacts',
    {
      schema: {
        tags: ['customers'],
        summary: "The customer's contacts",
        params: idParams,
        response: { 200: z.object({ data: z.array(contactSchema) }), ...standardErrors },
      },
    },
    async (request) => ({
      data: (await listContacts(store, principalOf(request), request.params.id)).map(presentContact),
    }),
  );
  app.post(
    '/api/v1/customers/:id/contacts',
    {
      schema: {
        tags: ['customers'],
        summary: 'Add a contact (signatory: may approve agreements for the customer)',
        params: idParams,
        body: z.strictObject(contactFields),
        response: { 201: contactSchema, ...standardErrors, 409: errorBody },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(presentContact(await addContact(dependencies, principalOf(request), request.params.id, request.body))),
  );
  app.patch(
    '/api/v1/customers/:id/contacts/:contactId',
    {
      schema: {
        tags: ['customers'],
        summary: 'Change a contact (fields sent as null are cleared)',
        params: contactParams,
        body: z.strictObject({
          name: contactFields.name.optional(),
          email: contactFields.email.optional(),
          title: contactFields.title,
          phone: contactFields.phone,
          role: contactFields.role,
          signatory: contactFields.signatory,
        }),
        response: { 200: contactSchema, ...standardErrors, 409: errorBody },
      },
    },
    async (request) =>
      presentContact(
        await updateContact(
          dependencies,
          principalOf(request),
          request.params.id,
          request.params.contactId,
          request.body,
        ),
      ),
  );
  app.delete(
    '/api/v1/customers/:id/contacts/:contactId',
    {
      schema: {
        tags: ['customers'],
        summary: 'Remove a contact',
        params: contactParams,
        response: { 204: z.null(), ...standardErrors },
      },
    },
    async (request, reply) => {
      await deleteContact(dependencies, principalOf(request), request.params.id, request.params.contactId);
      return reply.status(204).send(null);
    },
  );
}
