import { useEffect, useState } from 'preact/hooks';
import { Button } from '../../ui/button.js';
import { Dialog } from '../../ui/dialog.js';
import { Field } from '../../ui/field.js';
import { describeError } from '../expenses/describe-error.js';
import { DialogError, useDialogSave } from './dialog-save.js';
import type { SettingsModelType } from './model.js';
import type { CrmOrgChoice } from './types.js';

/** Select Organisation: the Zoho CRM organisation to connect with this DealSpend organisation. */
export function OrgDialog({ model, onClose }: { model: SettingsModelType; onClose: () => void }) {
  const [orgs, setOrgs] = useState<CrmOrgChoice[]>([]);
  const [choice, setChoice] = useState('');
  const [other, setOther] = useState('');
  const { busy, error, setError, save: saveThenClose } = useDialogSave(model, onClose);
  useEffect(() => {
    model.listOrgs().then(
      (list) => {
        setOrgs(list);
        setChoice(list.find((o) => o.selected)?.crm_org_id ?? list[0]?.crm_org_id ?? '');
      },
      (e) => setError(describeError(e)),
    );
  }, [model]);
  const save = () => saveThenClose(() => model.selectOrg(other.trim() || choice));
  return (
    <Dialog
      title="Select Organisation"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" busy={busy} disabled={!choice && !other.trim()} onClick={save}>
            Save
          </Button>
        </>
      }
    >
      <DialogError message={error} />
      <fieldset>
        <legend>Zoho CRM organisation</legend>
        {orgs.map((o) => (
          <label key={o.crm_org_id} class="ds-radio">
            <input
              type="radio"
              name="crm-org"
              checked={choice === o.crm_org_id && !other}
              onChange={() => setChoice(o.crm_org_id)}
            />
            {o.company_name} {o.currency_code ? `(${o.currency_code})` : ''}
          </label>
        ))}
      </fieldset>
      <Field
        label="Another organisation ID"
        hint="If you belong to more than one Zoho CRM organisation, enter its ID."
      >
        {(p) => (
          <input {...p} value={other} onInput={(e) => setOther((e.target as HTMLInputElement).value)} />
        )}
      </Field>
    </Dialog>
  );
}
