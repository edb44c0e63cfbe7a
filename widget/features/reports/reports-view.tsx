import { useModel } from '@preact/signals';
import { useState } from 'preact/hooks';
import { useApp } from '../../ui/app-context.js';
import '../expenses/expenses.css';
import { ReportsModel } from './model.js';
import { NewReportDialog } from './new-report-dialog.js';
import { ReportList } from './report-list.js';
import { ReportPage } from './report-page.js';

/** The tab's Expense Reports view: the lists by status, "+ New Report", and a report's page (`#reports?report_id=`). */
export default function ReportsView() {
  const { api, me, route, navigate } = useApp();
  const model = useModel(() => new ReportsModel(api, me));
  const [creating, setCreating] = useState(false);
  const reportId = route.value.params.report_id;

  if (reportId) {
    return (
      <ReportPage
        key={reportId}
        reportId={reportId}
        onBack={() => {
          navigate('reports');
          void model.load();
        }}
      />
    );
  }
  return (
    <>
      <ReportList
        model={model}
        onNew={() => setCreating(true)}
        onOpen={(r) => navigate('reports', { report_id: r.report_id })}
      />
      {creating ? (
        <NewReportDialog
          onCreate={model.create}
          onClose={() => setCreating(false)}
          onCreated={(r) => {
            setCreating(false);
            navigate('reports', { report_id: r.report_id });
          }}
        />
      ) : null}
    </>
  );
}
