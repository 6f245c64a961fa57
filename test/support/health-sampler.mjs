// Asks `<base>/api/health` <count> times, one request after the other, and prints the latencies (ms) as JSON.
// Run as its own process by test/main/calendar-load.test.ts, so that the test process's own work (sending the
// hostile requests, reading their answers) never delays a health request and counts as the server's.
const [base, count] = process.argv.slice(2);
const latencies = [];
for (let index = 0; index < Number(count); index++) {
  const started = performance.now();
  const response = await fetch(`${base}/api/health`);
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`/api/health answered ${response.status}`);
  latencies.push(performance.now() - started);
}
process.stdout.write(JSON.stringify(latencies));
