/** What is wrong with one answer, by the fuzzer's rules; an empty list when nothing is. */
export function judge(status: number, contentType: string, body: string): string[] {
  const wrong: string[] = [];
  if (status >= 500) wrong.push(`answered ${status}`);
  if (status >= 400 && status < 500) {
    if (!contentType.startsWith("application/problem+json")) {
      wrong.push(`a ${status} of content-type ${contentType || "(none)"}, not application/problem+json`);
    } else {
      let problem: Record<string, unknown> | undefined;
      try {
        problem = JSON.parse(body);
      } catch {
        wrong.push(`a ${status} whose problem+json body does not parse`);
      }
      if (problem) {
        for (const key of ["type", "title", "detail"]) {
          if (typeof problem[key] !== "string") wrong.push(`a ${status} problem without a string ${key}`);
        }
        if (problem.status !== status) wrong.push(`a ${status} problem whose status member is ${String(problem.status)}`);
      }
    }
  }
  if (STACK_FRAME.test(body)) wrong.push("the body carries a stack trace or a source path");
  return wrong;
}

// "    at fn (file.ts:1:2)" frames, and source paths with a line number.
const STACK_FRAME = /\n\s{2,}at\s|\bat\s+\S+\s+\(\S+:\d+:\d+\)|\.(ts|mts|js|mjs):\d+/;
