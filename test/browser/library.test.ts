import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { baseUrl, expectAccessible, newPage, newPerson, signUpInPage, watchErrors } from "./browser";

/** How long the page may take to show what the test waits for, on a busy machine. */
const soon = { timeout: 30_000 };

// Bodies of the API calls that arrange data; what matters is checked in the page afterwards.
type Body = any;

/** An API call from the test itself (arranging data, or acting as someone else). */
async function call(
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const res = await fetch(`${baseUrl}/api${path}`, {
    method,
    headers: {
      ...(opts.body === undefined ? {} : { "content-type": "application/json" }),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Body };
}

/** The page's session (as the app stored it) and chosen profile. */
async function sessionOf(page: Page) {
  return page.evaluate(() => ({
    session: JSON.parse(localStorage.getItem("marquee.session") ?? "null") as {
      accessToken: string;
      user: { id: string; email: string };
    },
    profileId: (JSON.parse(localStorage.getItem("marquee.profile") ?? "{}").id ?? "") as string,
  }));
}

/** Two demo movies, by id and title. */
async function twoMovies(token: string) {
  const movies = await call("GET", "/movies?limit=20", { token });
  expect(movies.status).toBe(200);
  const titles = new Set<string>();
  // Distinct titles, so the page's lists can be read by title.
  const picked = (movies.body.items as { id: string; title: string }[]).filter(
    (m) => !titles.has(m.title) && titles.add(m.title),
  );
  expect(picked.length).toBeGreaterThanOrEqual(2);
  return picked.slice(0, 2);
}

const linkTexts = (page: Page, list: string) =>
  page.getByRole("list", { name: list, exact: true }).getByRole("link").allTextContents();

describe("the library in the browser", () => {
  it("My list and history remove items; a playlist is created, reordered by keyboard and by drag, and the order persists", {
    timeout: 180_000,
  }, async () => {
    const { context, page } = await newPage();
    const errors = watchErrors(page);
    await signUpInPage(page);
    await expect.poll(() => new URL(page.url()).pathname, soon).toBe("/");
    const { session, profileId } = await sessionOf(page);
    const token = session.accessToken;
    const [first, second] = await twoMovies(token);
    for (const movie of [first, second]) {
      expect((await call("POST", "/me/favorites", { token, body: { movieId: movie.id, profileId } })).status).toBe(201);
      const view = { movieId: movie.id, profileId, positionSeconds: 60, durationSeconds: 600 };
      expect((await call("POST", "/views", { token, body: view })).status).toBe(200);
    }

    // A playlist made in the page, two titles added (as the title page's "Add to playlist" does).
    await page.goto("/playlists");
    await page.getByText("No playlists yet").waitFor();
    await expectAccessible(page);
    await page.getByLabel("Playlist name").fill("Rainy Sunday");
    await page.getByRole("button", { name: "Create playlist" }).click();
    await page.getByRole("status").getByText("Created the playlist Rainy Sunday.").waitFor();
    await page.getByRole("link", { name: "Rainy Sunday" }).click();
    await page.getByRole("heading", { name: "Rainy Sunday", level: 1 }).waitFor();
    const playlistId = new URL(page.url()).pathname.split("/").pop() ?? "";
    for (const movie of [first, second]) {
      expect((await call("POST", `/playlists/${playlistId}/items`, { token, body: { movieId: movie.id } })).status).toBe(201);
    }
    await page.reload();
    const items = "Items in this playlist";
    await expect.poll(() => linkTexts(page, items), soon).toEqual([first.title, second.title]);
    await expectAccessible(page);

    // Keyboard: Alt+↓ on the first title moves it down, says so, and keeps the focus on it.
    await page.getByRole("list", { name: items }).getByRole("link", { name: first.title, exact: true }).focus();
    await page.keyboard.press("Alt+ArrowDown");
    await expect.poll(() => linkTexts(page, items), soon).toEqual([second.title, first.title]);
    await page.getByText(`Moved ${first.title} to position 2 of 2.`).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(first.title);
    // And back with the Move up button, from the keyboard.
    await page.getByRole("button", { name: `Move up: ${first.title}` }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => linkTexts(page, items), soon).toEqual([first.title, second.title]);
    await page.getByRole("button", { name: `Move down: ${first.title}` }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => linkTexts(page, items), soon).toEqual([second.title, first.title]);
    const order = async () =>
      ((await call("GET", `/playlists/${playlistId}/items`, { token })).body.items as { item: { id: string } }[]).map(
        (i) => i.item.id,
      );
    await expect.poll(order, soon).toEqual([second.id, first.id]);
    await page.reload();
    await expect.poll(() => linkTexts(page, items), soon).toEqual([second.title, first.title]);

    // By drag and drop: the first title dropped on the upper half of the other goes before it.
    const row = (title: string) =>
      page
        .getByRole("list", { name: items })
        .getByRole("listitem")
        .filter({ has: page.getByRole("link", { name: title, exact: true }) });
    await row(first.title).dragTo(row(second.title), { targetPosition: { x: 20, y: 4 } });
    await expect.poll(() => linkTexts(page, items), soon).toEqual([first.title, second.title]);
    await expect.poll(order, soon).toEqual([first.id, second.id]);

    // My list: both favourites, one removed for good.
    await page.getByRole("link", { name: "My list", exact: true }).click();
    await expect.poll(() => linkTexts(page, "My list"), soon).toHaveLength(2);
    await expectAccessible(page);
    await page.getByRole("button", { name: `Remove from My list: ${first.title}` }).click();
    await page.getByText(`Removed ${first.title} from My list.`).waitFor();
    await expect.poll(async () => (await linkTexts(page, "My list")).join("|"), soon).not.toContain(first.title);
    await page.reload();
    await expect.poll(() => linkTexts(page, "My list"), soon).toHaveLength(1);

    // History: both watched, one removed for good.
    await page.goto("/history");
    await expect.poll(() => linkTexts(page, "Watched"), soon).toHaveLength(2);
    await expectAccessible(page);
    await page.getByRole("button", { name: `Remove from history: ${first.title}` }).click();
    await page.getByText(`Removed ${first.title} from your history.`).waitFor();
    await expect.poll(() => linkTexts(page, "Watched"), soon).toHaveLength(1);
    await page.reload();
    await expect.poll(async () => (await linkTexts(page, "Watched")).join("|"), soon).toContain(second.title);
    expect((await linkTexts(page, "Watched")).join("|")).not.toContain(first.title);

    errors.expectNone();
    await context.close();
  });

  it("the account lists devices and signs one out; the bell counts a new follower live; preferences stick", {
    timeout: 180_000,
  }, async () => {
    const { context, page } = await newPage();
    const errors = watchErrors(page);
    // Keeps the page's WebSockets reachable, so the test can drop the bell's connection.
    await page.addInitScript(() => {
      const sockets: WebSocket[] = [];
      (window as unknown as { sockets: WebSocket[] }).sockets = sockets;
      window.WebSocket = class extends window.WebSocket {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols);
          sockets.push(this);
        }
      };
    });
    const person = await signUpInPage(page, newPerson("acct"));
    await expect.poll(() => new URL(page.url()).pathname, soon).toBe("/");
    const { session } = await sessionOf(page);

    // A second device: a sign-in through the API from "Firefox on Windows".
    const other = await call("POST", "/auth/login", {
      body: { identifier: person.email, password: person.password },
      headers: { "user-agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0" },
    });
    expect(other.status).toBe(200);

    await page.getByRole("link", { name: "Account", exact: true }).click();
    const devices = page.getByRole("list", { name: "Devices" });
    await expect.poll(() => devices.getByRole("listitem").count(), soon).toBe(2);
    await devices.getByText("This device").waitFor();
    await expectAccessible(page);
    await page.getByRole("button", { name: /^Sign out Firefox on Windows/ }).click();
    await expect.poll(() => devices.getByRole("listitem").count(), soon).toBe(1);
    expect((await call("POST", "/auth/refresh", { body: { refreshToken: other.body.refreshToken } })).status).toBe(401);

    // Email preferences: turned off, still off after a reload; the security email cannot be.
    // The email choices (text messages have a section of their own, with the same words).
    const emailChoices = page.getByRole("region", { name: "Email notifications" });
    const tickets = emailChoices.getByRole("checkbox", { name: "My tickets are confirmed" });
    await expect.poll(() => tickets.isChecked(), soon).toBe(true);
    expect(await emailChoices.getByRole("checkbox", { name: /My password is changed/ }).isDisabled()).toBe(true);
    await tickets.uncheck();
    await page.getByText("Saved: no email when my tickets are confirmed.").waitFor();

    // The name, changed.
    await page.getByLabel("Name", { exact: true }).fill("Renamed Person");
    await page.getByRole("button", { name: "Save details" }).click();
    await page.getByText("Saved.", { exact: true }).waitFor();
    await page.reload();
    await expect.poll(() => page.getByLabel("Name", { exact: true }).inputValue(), soon).toBe("Renamed Person");
    expect(await emailChoices.getByRole("checkbox", { name: "My tickets are confirmed" }).isChecked()).toBe(false);

    // Someone follows this person: the bell counts one more without a reload.
    const badge = page.getByTestId("unread-count");
    await expect.poll(() => badge.count(), soon).toBe(1);
    await expect.poll(async () => Number(await badge.textContent()), soon).toBeGreaterThan(0);
    const before = Number(await badge.textContent());
    const friend = newPerson("fan");
    const registered = await call("POST", "/auth/register", {
      body: { email: friend.email, password: friend.password, name: "Fan Person", username: friend.username },
    });
    expect(registered.status).toBe(201);
    const follow = await call("POST", `/users/${session.user.id}/follow`, { token: registered.body.accessToken });
    expect(follow.status).toBe(201);
    await expect.poll(async () => Number(await badge.textContent()), soon).toBe(before + 1);
    await page.getByRole("link", { name: `Notifications, ${before + 1} unread` }).waitFor();

    // The connection drops: the bell connects again by itself, and the next follower still counts.
    await page.evaluate(() => {
      for (const socket of (window as unknown as { sockets: WebSocket[] }).sockets) socket.close();
    });
    const second = newPerson("fan");
    const secondFan = await call("POST", "/auth/register", {
      body: { email: second.email, password: second.password, name: "Second Fan", username: second.username },
    });
    expect((await call("POST", `/users/${session.user.id}/follow`, { token: secondFan.body.accessToken })).status).toBe(201);
    await expect.poll(async () => Number(await badge.textContent()), soon).toBe(before + 2);

    // The notifications page: a sentence per notification; mark all read empties the bell.
    await page
      .getByRole("link", { name: /^Notifications/ })
      .first()
      .click();
    await page.getByText(`Fan Person (@${friend.username}) started following you.`).waitFor();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Mark all read" }).click();
    await expect.poll(async () => Number(await badge.textContent()), soon).toBe(0);
    expect(await badge.isVisible()).toBe(false);

    // Signing this device out from the devices list signs out here.
    await page.goto("/account");
    await page.getByRole("button", { name: "Sign out this device" }).click();
    await expect.poll(() => new URL(page.url()).pathname, soon).toBe("/sign-in");
    expect(await page.evaluate(() => localStorage.getItem("marquee.session"))).toBeNull();
    // Google sign-in is not configured on this stack: no button, and Google's script is never asked for.
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    expect(await page.getByText(/Google/).count()).toBe(0);

    errors.expectNone();
    await context.close();
  });

  it("Continue with Google appears when the server offers it, and hands Google's token to the API", {
    timeout: 180_000,
  }, async () => {
    const { context, page } = await newPage();
    const errors = watchErrors(page);
    const googleRequests: string[] = [];
    page.on("request", (request) => {
      if (request.url().startsWith("https://accounts.google.com/")) googleRequests.push(request.url());
    });
    // As on a server with GOOGLE_CLIENT_ID set, with Google Identity Services stood in for by a
    // script whose button hands over an id_token the way Google's does.
    await page.route("**/api/auth/providers", (route) => route.fulfill({ json: { google: { clientId: "marquee-web-test" } } }));
    await page.route("https://accounts.google.com/gsi/client", (route) =>
      route.fulfill({
        contentType: "text/javascript",
        body: `window.google = { accounts: { id: {
          initialize(options) { window.__gsi = options; },
          renderButton(parent) {
            const button = document.createElement("button");
            button.type = "button";
            button.textContent = "Continue with Google";
            button.onclick = () => window.__gsi.callback({ credential: "not-a-real-id-token" });
            parent.appendChild(button);
          },
        } } };`,
      }),
    );
    const sent = page.waitForRequest((request) => request.url().endsWith("/api/auth/google"));
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Continue with Google" }).click();
    expect((await sent).postDataJSON()).toEqual({ idToken: "not-a-real-id-token" });
    expect(googleRequests).toEqual(["https://accounts.google.com/gsi/client"]);
    // This stack has no Google client id, so the API refuses; the page says what the API said.
    await expect.poll(() => page.getByRole("alert").textContent(), soon).toMatch(/Google sign-in is not configured/);
    await expectAccessible(page);
    errors.expectNone([/503/]);
    await context.close();
  });
});
