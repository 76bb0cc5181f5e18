// `npm start`: the whole stack on this machine with demo data.
import { demoUsers, seed } from "./seed.mjs";
import { devVars, startStack } from "./stack.mjs";

const port = Number(process.env.PORT ?? 8787);
const stack = await startStack({ port });
await seed(stack.baseUrl);

const adminEmail = devVars().ADMIN_EMAIL;
console.log(`
Marquee is running.
  App          ${stack.baseUrl}/
  API docs     ${stack.baseUrl}/api/docs
  OpenAPI      ${stack.baseUrl}/api/openapi.json
  Health       ${stack.baseUrl}/health
  Admin        ${adminEmail} (password: ADMIN_PASSWORD in .dev.vars)
  Demo users   ${demoUsers.map((u) => u.email).join(", ")} (password: ${demoUsers[0].password})
Press Ctrl+C to stop.
`);

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    await stack.stop();
    process.exit(0);
  });
}
stack.child.on("exit", (code) => process.exit(code ?? 0));
