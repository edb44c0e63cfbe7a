import { describe, expect, it } from 'vitest';
import { normalizePageLoad } from '../../../widget/host/normalize-page-load.js';
import { orgVariableValue } from '../../../widget/host/org-variable.js';
import { connectHost } from '../../../widget/host/zoho-host.js';
import { fakeSdk } from './fake-sdk.js';

describe('normalizePageLoad (payloads as Zoho sends them)', () => {
  it('reads a related-list PageLoad, whose EntityId is a string', () => {
    expect(normalizePageLoad({ Entity: 'Accounts', EntityId: '3000000032096' })).toEqual({
      kind: 'related-list',
      module: 'Accounts',
      recordId: '3000000032096',
    });
  });
  it('reads a list-view button PageLoad, whose EntityId is an array', () => {
    expect(
      normalizePageLoad({
        Entity: 'Contacts',
        EntityId: ['3000000040011', '3000000032101'],
        ButtonPosition: 'ListView',
      }),
    ).toEqual({ kind: 'button', module: 'Contacts', recordIds: ['3000000040011', '3000000032101'] });
  });
  it('reads a detail-view button PageLoad with a one-element array', () => {
    expect(
      normalizePageLoad({ Entity: 'Deals', EntityId: ['3000000040011'], ButtonPosition: 'DetailView' }),
    ).toEqual({
      kind: 'button',
      module: 'Deals',
      recordIds: ['3000000040011'],
    });
  });
  it('treats Potentials as Deals', () => {
    expect(normalizePageLoad({ Entity: 'Potentials', EntityId: '42' })).toEqual({
      kind: 'related-list',
      module: 'Deals',
      recordId: '42',
    });
  });
  it('treats a payload without a record (the web tab) or of another module as the web tab', () => {
    expect(normalizePageLoad({})).toEqual({ kind: 'web-tab' });
    expect(normalizePageLoad(undefined)).toEqual({ kind: 'web-tab' });
    expect(normalizePageLoad({ Entity: 'Leads', EntityId: '1' })).toEqual({ kind: 'web-tab' });
  });
});

describe('orgVariableValue', () => {
  it('reads the documented object and the stringified form real CRM sometimes sends', () => {
    expect(orgVariableValue({ Success: { Content: 'https://a.example' } })).toBe('https://a.example');
    expect(orgVariableValue('{"Success":{"Content":"https://b.example"}}')).toBe('https://b.example');
    expect(orgVariableValue({ Success: '{"Content":"https://c.example"}' })).toBe('https://c.example');
    expect(orgVariableValue({ Error: { Content: 'no variable' } })).toBeUndefined();
    expect(orgVariableValue({ Success: { Content: '' } })).toBeUndefined();
  });
});

describe('connectHost', () => {
  it('registers PageLoad before init and reads users[0], org[0] and the org variable', async () => {
    const { sdk, order } = fakeSdk({ Entity: 'Potentials', EntityId: '555' });
    const host = await connectHost({ sdk, placement: 'record' });
    expect(order).toEqual(['on', 'init']);
    expect(host.context).toEqual({
      location: { kind: 'related-list', module: 'Deals', recordId: '555' },
      user: { id: '111', email: 'rep@zylker.example', full_name: 'Rita Gomez' },
      org: { id: '222', company_name: 'Zylker', currency: 'USD', time_zone: 'UTC' },
      serverUrl: 'https://dealspend.example',
    });
    expect(sdk.CRM.API.getOrgVariable).toHaveBeenCalledWith('dealspend_server_url');
  });

  it('prefers the build-time server URL and then does not read the org variable', async () => {
    const { sdk } = fakeSdk(null);
    const host = await connectHost({ sdk, placement: 'web-tab', serverUrl: 'https://built.example' });
    expect(host.context.location).toEqual({ kind: 'web-tab' });
    expect(host.context.serverUrl).toBe('https://built.example');
    expect(sdk.CRM.API.getOrgVariable).not.toHaveBeenCalled();
  });

  it('says what to configure when there is no server URL', async () => {
    const { sdk } = fakeSdk(null, { orgVariable: { Error: { Content: 'Variable not found' } } });
    await expect(connectHost({ sdk, placement: 'web-tab' })).rejects.toThrow(/dealspend_server_url/);
  });

  it('fails clearly when a record widget gets no PageLoad', async () => {
    const { sdk } = fakeSdk(null);
    await expect(connectHost({ sdk, placement: 'record', pageLoadTimeoutMs: 10 })).rejects.toThrow(
      /which record/,
    );
  });

  it('passes Zoho argument shapes through and guards a search without data', async () => {
    const { sdk } = fakeSdk({ Entity: 'Accounts', EntityId: '9' });
    const host = await connectHost({ sdk, placement: 'record' });
    await host.resize(321.4);
    expect(sdk.CRM.UI.Resize).toHaveBeenCalledWith({ height: 322 });
    await host.openRecord('Deals', '7');
    expect(sdk.CRM.UI.Record.open).toHaveBeenCalledWith({ Entity: 'Deals', RecordID: '7' });
    expect(await host.getRecord('Deals', '7')).toEqual({ id: '7', Deal_Name: 'Big deal' });
    expect(await host.getRelatedRecords('Accounts', '9', 'Contacts')).toEqual([{ id: 'c1' }]);
    expect(sdk.CRM.API.getRelatedRecords).toHaveBeenCalledWith({
      Entity: 'Accounts',
      RecordID: '9',
      RelatedList: 'Contacts',
      page: 1,
    });
    expect(await host.searchRecord('Contacts', 'word', 'nobody')).toEqual([]);
    expect(await host.getAllUsers()).toEqual([
      { id: 'u1', full_name: 'Rita Gomez', email: 'rep@zylker.example', status: 'active' },
    ]);
  });
});
