import { Link, NavLink, Route, Routes } from "react-router";
import { CharacterList, EditCharacter, NewCharacter } from "./Characters";
import { EpisodePage } from "./EpisodePage";
import { EditGenre, GenreList, NewGenre } from "./Genres";
import { EditPerson, NewPerson, PeopleList } from "./People";
import { EditTitle, NewTitle, TitleList } from "./TitlePages";
import "./catalog.css";

const sections = [
  { path: "movies", label: "Movies", purpose: "Details, artwork, cast and the media each movie plays." },
  { path: "series", label: "Series", purpose: "Details, artwork, cast, seasons and episodes." },
  { path: "people", label: "People", purpose: "The cast: names, portraits, the characters they play." },
  { path: "characters", label: "Characters", purpose: "Who plays whom; titles cast characters." },
  { path: "genres", label: "Genres", purpose: "The genres titles are filed under." },
];

/** `/staff/catalog/*` (admins): movies, series with seasons and episodes, people, characters, genres. */
export default function CatalogSection() {
  return (
    <div className="catalog">
      <nav aria-label="Catalog" className="catalog-tabs">
        <ul>
          {sections.map((section) => (
            <li key={section.path}>
              <NavLink to={`/staff/catalog/${section.path}`}>{section.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Routes>
        <Route index element={<CatalogHome />} />
        <Route path="movies" element={<TitleList kind="movie" />} />
        <Route path="movies/new" element={<NewTitle kind="movie" />} />
        <Route path="movies/:id" element={<EditTitle kind="movie" />} />
        <Route path="series" element={<TitleList kind="series" />} />
        <Route path="series/new" element={<NewTitle kind="series" />} />
        <Route path="series/:id" element={<EditTitle kind="series" />} />
        <Route path="episodes/:id" element={<EpisodePage />} />
        <Route path="people" element={<PeopleList />} />
        <Route path="people/new" element={<NewPerson />} />
        <Route path="people/:id" element={<EditPerson />} />
        <Route path="characters" element={<CharacterList />} />
        <Route path="characters/new" element={<NewCharacter />} />
        <Route path="characters/:id" element={<EditCharacter />} />
        <Route path="genres" element={<GenreList />} />
        <Route path="genres/new" element={<NewGenre />} />
        <Route path="genres/:id" element={<EditGenre />} />
        <Route path="*" element={<NotInCatalog />} />
      </Routes>
    </div>
  );
}

function CatalogHome() {
  return (
    <>
      <h1>Catalog</h1>
      <ul className="staff-home">
        {sections.map((section) => (
          <li key={section.path}>
            <Link to={section.path}>{section.label}</Link>
            <p>{section.purpose}</p>
          </li>
        ))}
      </ul>
    </>
  );
}

function NotInCatalog() {
  return (
    <>
      <h1>Not in the catalog</h1>
      <p>
        Nothing lives at this address. <Link to="/staff/catalog">Back to the catalog</Link>
      </p>
    </>
  );
}
