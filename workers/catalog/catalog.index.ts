import { createRouter } from "../lib/create-app";
import { artworkRouter } from "./artwork.index";
import { charactersRouter } from "./characters.index";
import { genresRouter } from "./genres.index";
import { moviesRouter } from "./movies.index";
import { peopleRouter } from "./people.index";
import { searchRouter } from "./search.index";
import { seasonsRouter } from "./seasons.index";
import { seriesRouter } from "./series.index";

/** Every catalog endpoint: reads are public, writes need the admin role. */
export const catalogRouter = createRouter()
  .route("/", moviesRouter)
  .route("/", seriesRouter)
  .route("/", seasonsRouter)
  .route("/", peopleRouter)
  .route("/", charactersRouter)
  .route("/", genresRouter)
  .route("/", searchRouter)
  .route("/", artworkRouter);
