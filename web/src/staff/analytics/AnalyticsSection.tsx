/** `/staff/analytics` (skeleton, being built). */
export default function AnalyticsSection() {
  return <h1>Analytics</h1>;
}
