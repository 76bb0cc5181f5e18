import { useQueryClient } from "@tanstack/react-query";
import { MediaList } from "../media/MediaList";
import { fetchSharedWithMe, keys } from "../media/queries";
import { useNotificationSocket } from "../media/useNotificationSocket";
import "../media/media.css";

export default function SharedWithMe() {
  const queryClient = useQueryClient();
  const reload = () => void queryClient.invalidateQueries({ queryKey: keys.sharedWithMe });
  // Something shared while the page is open shows up at once.
  useNotificationSocket(true, (notification) => notification.kind === "media_shared" && reload(), reload);
  return (
    <main id="main" className="page">
      <h1>Shared with me</h1>
      <MediaList
        queryKey={keys.sharedWithMe}
        fetchPage={fetchSharedWithMe}
        label="Media shared with you"
        showConversions
        empty={<p>No one has shared anything with you yet. When someone does, it shows up here and in your notifications.</p>}
      />
    </main>
  );
}
