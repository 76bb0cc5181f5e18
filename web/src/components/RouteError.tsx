import { isRouteErrorResponse, Link, useRouteError } from "react-router";
import { messageOf } from "../api/problem";

/** A page that failed to load or render: what happened, and a way on. */
export function RouteError() {
  const error = useRouteError();
  const detail = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : messageOf(error);
  return (
    <main id="main" className="page narrow">
      <h1>Something went wrong</h1>
      <p role="alert">{detail}</p>
      <p>
        <button type="button" onClick={() => window.location.reload()}>
          Reload
        </button>{" "}
        <Link to="/">Go home</Link>
      </p>
    </main>
  );
}
