/**
 * /contacts: customers. Everyone reads them and may add one; the creator or an admin changes or
 * deletes it; `GET /contacts/{id}/contacts` lists the people of a business customer.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { memberOf } from '../../auth/plugin.js';
import { expectedVersion } from '../../http/if-match.js';
import {
  Envelope,
  ErrorResponses,
  ListEnvelope,
  MessageEnvelopeSchema,
  ok,
  okList,
  PageQuerySchema,
  pageWindow,
} from '../common-schemas.js';
import {
  ContactParamsSchema,
  ContactSchema,
  CreateContactSchema,
  ListContactsQuerySchema,
  UpdateContactSchema,
} from './schemas.js';
import { createContact, deleteContact, getContact, listContacts, updateContact } from './service.js';

const tags = ['customers'];
const ContactEnvelope = Envelope('contact', ContactSchema);

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, dialect, clock, ids } = app.ctx;

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'List customers',
        querystring: ListContactsQuerySchema,
        response: { 200: ListEnvelope('contacts', ContactSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const { org } = memberOf(request);
      const w = pageWindow(request.query);
      const rows = await listContacts(db, dialect, org.org_id, request.query, w);
      return okList('contacts', rows.slice(0, w.perPage), w.page, w.perPage, rows.length > w.perPage);
    },
  );

  app.get(
    '/:contact_id',
    {
      schema: {
        tags,
        summary: 'Get a customer',
        params: ContactParamsSchema,
        response: { 200: ContactEnvelope, ...ErrorResponses },
      },
    },
    async (request) => {
      const { org } = memberOf(request);
      return ok('contact', await getContact(db, org.org_id, request.params.contact_id));
    },
  );

  app.get(
    '/:contact_id/contacts',
    {
      schema: {
        tags,
        summary: 'List the individual customers that belong to a business customer',
        params: ContactParamsSchema,
        querystring: PageQuerySchema,
        response: { 200: ListEnvelope('contacts', ContactSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const { org } = memberOf(request);
      const account = await getContact(db, org.org_id, request.params.contact_id);
      const w = pageWindow(request.query);
      const rows =
        account.customer_sub_type === 'business'
          ? await listContacts(db, dialect, org.org_id, { account_id: account.contact_id }, w)
          : [];
      return okList('contacts', rows.slice(0, w.perPage), w.page, w.perPage, rows.length > w.perPage);
    },
  );

  app.post(
    '/',
    {
      schema: {
        tags,
        summary: 'Add a customer',
        body: CreateContactSchema,
        response: { 201: ContactEnvelope, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const contact = await createContact(db, memberOf(request), request.body, { clock, ids });
      reply.status(201);
      return ok('contact', contact);
    },
  );

  app.put(
    '/:contact_id',
    {
      schema: {
        tags,
        summary: 'Change a customer (its creator or an admin)',
        params: ContactParamsSchema,
        body: UpdateContactSchema,
        response: { 200: ContactEnvelope, ...ErrorResponses },
      },
    },
    async (request) => {
      const { last_modified_time, ...changes } = request.body;
      const contact = await updateContact(
        db,
        memberOf(request),
        request.params.contact_id,
        changes,
        expectedVersion(request, last_modified_time),
        { clock },
      );
      return ok('contact', contact);
    },
  );

  for (const status of ['active', 'inactive'] as const) {
    app.post(
      `/:contact_id/${status}`,
      {
        schema: {
          tags,
          summary:
            status === 'active'
              ? 'Make a customer active (its creator or an admin)'
              : 'Make a customer inactive: it can no longer be linked to new records (its creator or an admin)',
          params: ContactParamsSchema,
          response: { 200: ContactEnvelope, ...ErrorResponses },
        },
      },
      async (request) => {
        const contact = await updateContact(
          db,
          memberOf(request),
          request.params.contact_id,
          { status },
          undefined,
          {
            clock,
          },
        );
        return ok('contact', contact);
      },
    );
  }

  app.delete(
    '/:contact_id',
    {
      schema: {
        tags,
        summary: 'Delete a customer no transaction uses (its creator or an admin)',
        params: ContactParamsSchema,
        response: { 200: MessageEnvelopeSchema, ...ErrorResponses },
      },
    },
    async (request) => {
      await deleteContact(db, memberOf(request), request.params.contact_id);
      return { code: 0 as const, message: 'The customer has been deleted.' };
    },
  );
};
export default routes;
