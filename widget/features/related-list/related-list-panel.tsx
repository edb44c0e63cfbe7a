export function RelatedListPanel() {
  return <p>DealSpend</p>;
}
