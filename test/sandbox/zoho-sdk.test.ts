/**
 * Fidelity judge: Zoho's official TypeScript SDK for CRM v8 drives the sandbox. Its Environment
 * points at the sandbox (DataCenter.setEnvironment(apiUrl, accountsTokenUrl, fileUploadUrl)), its
 * token comes from the sandbox's Zoho Accounts through the SDK's own refresh-token flow, and its
 * token store is in memory. If the SDK cannot parse an answer, the sandbox is wrong.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Z from '@zohocrm/typescript-sdk-8.0';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSeed } from '../../sandbox/data/seed.js';
import { createSandbox } from '../../sandbox/server.js';

/** The SDK's TokenStore contract, kept in memory. */
class MemoryTokenStore {
  private tokens: Z.Token.MasterModel[] = [];
  async findToken(): Promise<Z.Token.MasterModel | undefined> {
    return undefined;
  }
  async saveToken(token: Z.Token.MasterModel): Promise<void> {
    this.tokens.push(token);
  }
  async deleteToken(): Promise<void> {}
  async getTokens(): Promise<Z.Token.MasterModel[]> {
    return this.tokens;
  }
  async deleteTokens(): Promise<void> {
    this.tokens = [];
  }
  async findTokenById(): Promise<Z.Token.MasterModel | undefined> {
    return undefined;
  }
}

let app: FastifyInstance;
let resourceDir: string;
const seed = buildSeed().crmOrgs[0]!;

beforeAll(async () => {
  app = await createSandbox();
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const issued = await app.inject({
    method: 'POST',
    url: '/__sandbox/tokens',
    payload: { email: 'rep@zylker.example', offline: true, clientId: 'dealspend-server' },
  });
  const refreshToken = issued.json().refresh_token as string;
  resourceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealspend-zoho-sdk-'));
  const environment = Z.DataCenter.setEnvironment(base, `${base}/oauth/v2/token`, base);
  const token = new Z.OAuthBuilder()
    .clientId('dealspend-server')
    .clientSecret('dealspend-server-secret')
    .refreshToken(refreshToken)
    .build();
  await (await new Z.InitializeBuilder())
    .environment(environment)
    .token(token)
    .store(new MemoryTokenStore() as unknown as Z.TokenStore.MasterModel)
    .SDKConfig(new Z.SDKConfigBuilder().autoRefreshFields(false).pickListValidation(false).build())
    .resourcePath(resourceDir)
    .logger(new Z.LogBuilder().level(Z.Levels.OFF).build())
    .initialize();
});

afterAll(async () => {
  await app?.close();
  if (resourceDir) fs.rmSync(resourceDir, { recursive: true, force: true });
});

function wrapperOf(res: Z.APIResponse<unknown> | undefined): Z.Record.ResponseWrapper {
  const obj = res?.getObject();
  if (!(obj instanceof Z.Record.ResponseWrapper))
    throw new Error(`SDK did not parse a ResponseWrapper: ${JSON.stringify(obj)}`);
  return obj;
}

function actionsOf(
  res: Z.APIResponse<unknown> | undefined,
): (Z.Record.SuccessResponse | Z.Record.APIException)[] {
  const obj = res?.getObject();
  if (!(obj instanceof Z.Record.ActionWrapper))
    throw new Error(`SDK did not parse an ActionWrapper: ${JSON.stringify(obj)}`);
  return obj.getData() as (Z.Record.SuccessResponse | Z.Record.APIException)[];
}

describe('Zoho CRM TypeScript SDK against the sandbox', () => {
  it('reads a page of Accounts with lookups, checkboxes and times parsed', async () => {
    const params = new Z.ParameterMap();
    await params.add(Z.Record.GetRecordsParam.FIELDS, 'Account_Name,Owner,Zoho_Expense,Modified_Time');
    await params.add(Z.Record.GetRecordsParam.PER_PAGE, 5);
    const res = await new Z.Record.RecordOperations('Accounts').getRecords(params);
    expect(res?.getStatusCode()).toBe(200);
    const wrapper = wrapperOf(res);
    const records = wrapper.getData();
    expect(records).toHaveLength(5);
    const first = records[0]!;
    const expected = seed.Accounts.find((a) => BigInt(a.id) === first.getId())!;
    expect(first.getKeyValue('Account_Name')).toBe(expected.Account_Name);
    expect(typeof first.getKeyValue('Zoho_Expense')).toBe('boolean');
    expect((first.getKeyValue('Owner') as Z.Users.MinifiedUser).getName()).toBe(expected.Owner.name);
    expect(first.getKeyValue('Modified_Time')).toBeInstanceOf(Date);
    const info = wrapper.getInfo();
    expect(info.getMoreRecords()).toBe(true);
    expect(info.getNextPageToken()).toBeTruthy();
  });

  it('reads deals with dates, amounts, picklists and lookups, and custom views', async () => {
    const params = new Z.ParameterMap();
    await params.add(
      Z.Record.GetRecordsParam.FIELDS,
      'Deal_Name,Stage,Amount,Closing_Date,Account_Name,Contact_Name',
    );
    await params.add(Z.Record.GetRecordsParam.SORT_BY, 'Modified_Time');
    await params.add(Z.Record.GetRecordsParam.SORT_ORDER, 'asc');
    const deals = wrapperOf(await new Z.Record.RecordOperations('Deals').getRecords(params)).getData();
    expect(deals).toHaveLength(seed.Deals.length);
    const d = deals[0]!;
    const expected = seed.Deals.find((x) => BigInt(x.id) === d.getId())!;
    expect(d.getKeyValue('Amount')).toBe(expected.Amount);
    expect(d.getKeyValue('Closing_Date')).toBeTruthy();
    const stage = d.getKeyValue('Stage');
    expect(stage).toBeInstanceOf(Z.Choice);
    expect((stage as Z.Choice<string>).getValue()).toBe(expected.Stage);
    expect((d.getKeyValue('Account_Name') as Z.Record.Record).getId()).toBe(
      BigInt((expected.Account_Name as { id: string }).id),
    );
    const viewParams = new Z.ParameterMap();
    await viewParams.add(Z.CustomViews.GetCustomViewsParam.MODULE, 'Accounts');
    const views = await new Z.CustomViews.CustomViewsOperations().getCustomViews(viewParams);
    const body = views?.getObject();
    expect(body).toBeInstanceOf(Z.CustomViews.ResponseWrapper);
    const names = (body as Z.CustomViews.ResponseWrapper).getCustomViews().map((v) => v.getName());
    expect(names).toEqual(['All Accounts', 'My Accounts', 'Zoho Expense']);
  });

  it('pages every contact exactly once with page_token', async () => {
    const ids: bigint[] = [];
    let pageToken: string | undefined;
    for (let guard = 0; guard < 20; guard++) {
      const params = new Z.ParameterMap();
      await params.add(Z.Record.GetRecordsParam.FIELDS, 'Last_Name,Account_Name');
      await params.add(Z.Record.GetRecordsParam.PER_PAGE, 60);
      if (pageToken) await params.add(Z.Record.GetRecordsParam.PAGE_TOKEN, pageToken);
      const wrapper = wrapperOf(await new Z.Record.RecordOperations('Contacts').getRecords(params));
      ids.push(...wrapper.getData().map((r) => r.getId()));
      if (!wrapper.getInfo().getMoreRecords()) break;
      pageToken = wrapper.getInfo().getNextPageToken();
    }
    expect(ids.length).toBe(seed.Contacts.length);
    expect(new Set(ids).size).toBe(seed.Contacts.length);
  });

  it('searches with criteria and by word', async () => {
    const params = new Z.ParameterMap();
    await params.add(Z.Record.SearchRecordsParam.CRITERIA, '(Stage:equals:Closed Won)');
    await params.add(Z.Record.SearchRecordsParam.PER_PAGE, 200);
    const won = wrapperOf(await new Z.Record.RecordOperations('Deals').searchRecords(params));
    expect(won.getData()).toHaveLength(seed.Deals.filter((d) => d.Stage === 'Closed Won').length);
    const byWord = new Z.ParameterMap();
    await byWord.add(Z.Record.SearchRecordsParam.WORD, 'acme');
    const acme = wrapperOf(await new Z.Record.RecordOperations('Accounts').searchRecords(byWord));
    for (const r of acme.getData())
      expect(String(r.getKeyValue('Account_Name')).toLowerCase()).toContain('acme');
    const none = new Z.ParameterMap();
    await none.add(Z.Record.SearchRecordsParam.WORD, 'zzzzzz');
    const empty = await new Z.Record.RecordOperations('Accounts').searchRecords(none);
    expect(empty?.getStatusCode()).toBe(204);
  });

  it('inserts records and reads per-record success and errors', async () => {
    const good = new Z.Record.Record();
    good.addKeyValue('Last_Name', 'Sdk Inserted');
    good.addKeyValue('Email', 'sdk.inserted@example.com');
    const bad = new Z.Record.Record();
    bad.addKeyValue('First_Name', 'No last name');
    const body = new Z.Record.BodyWrapper();
    body.setData([good, bad]);
    const res = await new Z.Record.RecordOperations('Contacts').createRecords(body);
    expect(res?.getStatusCode()).toBe(207);
    const [ok, failed] = actionsOf(res);
    expect(ok).toBeInstanceOf(Z.Record.SuccessResponse);
    expect((ok as Z.Record.SuccessResponse).getCode().getValue()).toBe('SUCCESS');
    expect((ok as Z.Record.SuccessResponse).getDetails().get('id')).toBeTruthy();
    expect(failed).toBeInstanceOf(Z.Record.APIException);
    expect((failed as Z.Record.APIException).getCode().getValue()).toBe('MANDATORY_NOT_FOUND');
  });

  it('upserts with duplicate_check_fields: an update for the match, an insert otherwise', async () => {
    const existing = seed.Contacts[10]!;
    const match = new Z.Record.Record();
    match.addKeyValue('Email', String(existing.Email));
    match.addKeyValue('Last_Name', String(existing.Last_Name));
    match.addKeyValue('Title', 'Updated by SDK');
    const fresh = new Z.Record.Record();
    fresh.addKeyValue('Email', 'sdk.upsert@example.com');
    fresh.addKeyValue('Last_Name', 'Upserted');
    const body = new Z.Record.BodyWrapper();
    body.setData([match, fresh]);
    body.setDuplicateCheckFields(['Email']);
    const res = await new Z.Record.RecordOperations('Contacts').upsertRecords(body);
    expect(res?.getStatusCode()).toBe(200);
    const [a, b] = actionsOf(res) as Z.Record.SuccessResponse[];
    expect(a!.getCode().getValue()).toBe('SUCCESS');
    expect(a!.getDetails().get('id')).toBe(existing.id);
    expect(b!.getCode().getValue()).toBe('SUCCESS');
    const one = await new Z.Record.RecordOperations('Contacts').getRecord(BigInt(existing.id));
    expect(wrapperOf(one).getData()[0]!.getKeyValue('Title')).toBe('Updated by SDK');
  });
});
