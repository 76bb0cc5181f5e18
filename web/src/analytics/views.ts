import { useEffect } from "react";
import { track } from "./events";

type Router = {
  state: { location: { pathname: string } };
  subscribe(listener: (state: { location: { pathname: string } }) => void): () => void;
};

/**
 * Reports a page view for the first page and for each navigation to another path. Only the path is
 * sent: query strings can carry what a person typed (a search) and the API needs none of it.
 */
export function trackPageViews(router: Router) {
  let last = router.state.location.pathname;
  track({ type: "page_view", path: last });
  return router.subscribe(({ location }) => {
    if (location.pathname === last) return;
    last = location.pathname;
    track({ type: "page_view", path: last });
  });
}

/** Reports that a title's page was opened (once per title shown). */
export function useTitleView(targetType: "movie" | "series", targetId: string) {
  useEffect(() => {
    if (targetId)
      track({ type: "title_view", path: `/${targetType === "movie" ? "movies" : "series"}/${targetId}`, targetType, targetId });
  }, [targetType, targetId]);
}
