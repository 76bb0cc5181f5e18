/** `/staff/ops` (skeleton, being built). */
export default function OperationsSection() {
  return <h1>Operations</h1>;
}
