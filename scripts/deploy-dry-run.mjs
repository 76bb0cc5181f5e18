// `wrangler deploy --dry-run` without Docker: the same config, but the container's Dockerfile
// path replaced by a registry reference, since building the image is all that needs Docker.
// Everything else (bundle, bindings, migrations, assets) is checked exactly as deployed.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";

const config = readFileSync("wrangler.toml", "utf8");
const dockerfileImage = /^image = "\.\/containers\/transcoder\/Dockerfile"$/m;
if (!dockerfileImage.test(config)) throw new Error("wrangler.toml no longer names containers/transcoder/Dockerfile");
// Written beside wrangler.toml so every relative path in it resolves the same way.
const dryRunConfig = "wrangler.dry-run.toml";
writeFileSync(dryRunConfig, config.replace(dockerfileImage, 'image = "registry.cloudflare.com/marquee-transcoder:dry-run"'));
const result = spawnSync("node_modules/.bin/wrangler", ["deploy", "--dry-run", "--config", dryRunConfig, "--outdir", "dist"], {
  stdio: "inherit",
});
rmSync(dryRunConfig);
process.exit(result.status ?? 1);
