export default function Watch() {
  return <main id="main" className="page" />;
}
