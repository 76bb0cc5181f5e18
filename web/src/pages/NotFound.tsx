import { Link } from "react-router";

export default function NotFound() {
  return (
    <main id="main" className="page narrow">
      <h1>Page not found</h1>
      <p>
        Nothing lives at this address. <Link to="/">Go home</Link>.
      </p>
    </main>
  );
}
