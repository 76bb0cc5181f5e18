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
      {
        element: <RequireSession />,
        children: [
          { path: "/profiles", lazy: page(() => import("./pages/Profiles")) },
          { path: "/account", lazy: page(() => import("./pages/Account")) },
          { path: "/media", lazy: page(() => import("./pages/MyMedia")) },
          { path: "/media/:id", lazy: page(() => import("./pages/MediaItem")) },
          { path: "/shared", lazy: page(() => import("./pages/SharedWithMe")) },
          { path: "/notifications", lazy: page(() => import("./pages/Notifications")) },
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
