import { createBrowserRouter } from "react-router";
import { Layout } from "./components/Layout";
import { RequireProfile, RequireSession } from "./components/RequireSession";
import { RouteError } from "./components/RouteError";

// Every page is its own chunk: the first screen loads without the player, the uploader or the rest.
const page = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({ Component: (await load()).default });

export const router = createBrowserRouter([
  {
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      { path: "/sign-in", lazy: page(() => import("./pages/SignIn")) },
      { path: "/sign-up", lazy: page(() => import("./pages/SignUp")) },
      { path: "/plans", lazy: page(() => import("./pages/Plans")) },
      {
        element: <RequireSession />,
        children: [
          { path: "/profiles", lazy: page(() => import("./pages/Profiles")) },
          { path: "/account", lazy: page(() => import("./pages/Account")) },
          { path: "/account/billing", lazy: page(() => import("./pages/Billing")) },
          { path: "/loyalty", lazy: page(() => import("./pages/Loyalty")) },
          { path: "/media", lazy: page(() => import("./pages/MyMedia")) },
          { path: "/media/:id", lazy: page(() => import("./pages/MediaItem")) },
          { path: "/shared", lazy: page(() => import("./pages/SharedWithMe")) },
          { path: "/notifications", lazy: page(() => import("./pages/Notifications")) },
          { path: "/cinema", lazy: page(() => import("./pages/cinema/NowShowing")) },
          { path: "/showtimes/:id", lazy: page(() => import("./pages/cinema/Showtime")) },
          { path: "/checkout/:holdId", lazy: page(() => import("./pages/cinema/Checkout")) },
          { path: "/orders/:id", lazy: page(() => import("./pages/cinema/Order")) },
          { path: "/tickets", lazy: page(() => import("./pages/cinema/Tickets")) },
          {
            path: "/staff",
            lazy: page(() => import("./staff/StaffLayout")),
            children: [
              { index: true, lazy: page(() => import("./staff/StaffHome")) },
              { path: "door", lazy: page(() => import("./staff/door/Door")) },
              { path: "catalog/*", lazy: page(() => import("./staff/catalog/CatalogSection")) },
              { path: "theaters/*", lazy: page(() => import("./staff/theaters/TheatersSection")) },
              { path: "showtimes/*", lazy: page(() => import("./staff/showtimes/ShowtimesSection")) },
              { path: "moderation", lazy: page(() => import("./staff/moderation/Moderation")) },
              { path: "jobs", lazy: page(() => import("./staff/jobs/Jobs")) },
              { path: "users/*", lazy: page(() => import("./staff/users/UsersSection")) },
              { path: "billing/*", lazy: page(() => import("./staff/billing/BillingSection")) },
              { path: "tickets/*", lazy: page(() => import("./staff/tickets/TicketsSection")) },
              { path: "reviews/*", lazy: page(() => import("./staff/reviews/ReviewsSection")) },
              { path: "messages/*", lazy: page(() => import("./staff/messages/MessagesSection")) },
              { path: "analytics/*", lazy: page(() => import("./staff/analytics/AnalyticsSection")) },
              { path: "operations/*", lazy: page(() => import("./staff/ops/OperationsSection")) },
            ],
          },
          {
            element: <RequireProfile />,
            children: [
              { index: true, lazy: page(() => import("./pages/Home")) },
              { path: "/search", lazy: page(() => import("./pages/Search")) },
              { path: "/movies/:id", lazy: page(() => import("./pages/MovieTitle")) },
              { path: "/series/:id", lazy: page(() => import("./pages/SeriesTitle")) },
              { path: "/watch/:kind/:id", lazy: page(() => import("./player/Watch")) },
              { path: "/my-list", lazy: page(() => import("./pages/MyList")) },
              { path: "/playlists", lazy: page(() => import("./pages/Playlists")) },
              { path: "/playlists/:id", lazy: page(() => import("./pages/Playlist")) },
              { path: "/history", lazy: page(() => import("./pages/History")) },
            ],
          },
        ],
      },
      { path: "*", lazy: page(() => import("./pages/NotFound")) },
    ],
  },
]);
