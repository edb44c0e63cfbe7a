/**
 * /settings/currencies: the currencies expenses may be in (base first, with today's rate) and their
 * exchange rates by date. Everyone reads; admins add currencies and rates, and delete currencies
 * nothing uses.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { memberOf } from '../../auth/plugin.js';
import {
  Envelope,
  ErrorResponses,
  ListEnvelope,
  MessageEnvelopeSchema,
  ok,
  okList,
  pageWindow,
} from '../common-schemas.js';
import {
  AddCurrencySchema,
  AddExchangeRateSchema,
  CurrencyParamsSchema,
  CurrencySchema,
  ExchangeRateSchema,
  ListRatesQuerySchema,
} from './schemas.js';
import { addCurrency, addRate, deleteCurrency, listCurrencies, listRates } from './service.js';

const tags = ['currencies'];

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, clock, ids } = app.ctx;

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'List enabled currencies with today’s exchange rate',
        response: { 200: ListEnvelope('currencies', CurrencySchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const { org } = memberOf(request);
      const items = await listCurrencies(db, org, clock);
      return okList('currencies', items, 1, Math.max(items.length, 1), false);
    },
  );

  app.post(
    '/',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: 'Enable a currency, optionally with its first exchange rate (admins)',
        body: AddCurrencySchema,
        response: { 201: Envelope('currency', CurrencySchema), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const { org } = memberOf(request);
      const currency = await addCurrency(db, org, request.body, { clock, ids });
      reply.status(201);
      return ok('currency', currency);
    },
  );

  app.delete(
    '/:currency_code',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: 'Delete a currency and its exchange rates (admins); not the base currency or one in use',
        params: CurrencyParamsSchema,
        response: { 200: MessageEnvelopeSchema, ...ErrorResponses },
      },
    },
    async (request) => {
      await deleteCurrency(db, memberOf(request).org.org_id, request.params.currency_code);
      return { code: 0 as const, message: 'The currency has been deleted.' };
    },
  );

  app.get(
    '/:currency_code/exchangerates',
    {
      schema: {
        tags,
        summary: 'List a currency’s exchange rates, newest first',
        params: CurrencyParamsSchema,
        querystring: ListRatesQuerySchema,
        response: { 200: ListEnvelope('exchange_rates', ExchangeRateSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const { org } = memberOf(request);
      const w = pageWindow(request.query);
      const rows = await listRates(db, org.org_id, request.params.currency_code, request.query, w);
      return okList('exchange_rates', rows.slice(0, w.perPage), w.page, w.perPage, rows.length > w.perPage);
    },
  );

  app.post(
    '/:currency_code/exchangerates',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: 'Add (or correct) the exchange rate of a day (admins)',
        params: CurrencyParamsSchema,
        body: AddExchangeRateSchema,
        response: { 201: Envelope('exchange_rate', ExchangeRateSchema), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const { org } = memberOf(request);
      const rate = await addRate(db, org, request.params.currency_code, request.body, { clock, ids });
      reply.status(201);
      return ok('exchange_rate', rate);
    },
  );
};
export default routes;
