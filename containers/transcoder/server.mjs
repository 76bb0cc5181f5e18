// The transcoder's HTTP face. In production it runs in the container; locally it runs as a
// plain Node process and the Worker reaches it by URL. The media issue adds the job routes.
import { execFile } from "node:child_process";
import { createServer } from "node:http";

const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? "0.0.0.0";

function ffmpegVersion() {
  return new Promise((resolve) => {
    execFile("ffmpeg", ["-hide_banner", "-version"], (err, stdout) => {
      resolve(err ? null : stdout.split("\n")[0]);
    });
  });
}

const server = createServer(async (req, res) => {
  if (req.method === "GET" && req.url === "/health") {
    const ffmpeg = await ffmpegVersion();
    res.writeHead(ffmpeg ? 200 : 503, { "content-type": "application/json" });
    res.end(JSON.stringify({ status: ffmpeg ? "ok" : "no ffmpeg", ffmpeg }));
    return;
  }
  res.writeHead(404, { "content-type": "application/json" });
  res.end(JSON.stringify({ error: "not found" }));
});

server.listen(port, host, () => console.log(`transcoder listening on ${host}:${port}`));
