/** Analytics: what each deal really cost (filled in by the analytics issue). */
export default function AnalyticsView() {
  return <p>Analytics are not available yet.</p>;
}
