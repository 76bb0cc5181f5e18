import { MediaList } from "../media/MediaList";
import { fetchMine, keys } from "../media/queries";
import { Uploader } from "../media/Uploader";
import "../media/media.css";

export default function MyMedia() {
  return (
    <main id="main" className="page">
      <h1>My media</h1>
      <Uploader />
      <section aria-labelledby="my-media-list">
        <h2 id="my-media-list">Your files</h2>
        <MediaList
          queryKey={keys.mine}
          fetchPage={fetchMine}
          label="Your media"
          showConversions
          empty={<p>Nothing here yet. Upload a song or a video to convert, play and share it.</p>}
        />
      </section>
    </main>
  );
}
