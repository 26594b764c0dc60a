// A partner's webhook receiver, as the tests (and the dev-mode playground) run it: every delivery to POST /webhook is
// verified with the reference Standard Webhooks library, unchanged, and recorded. Environment: WEBHOOK_SECRET (the
// gateway's gateway.events.webhook-secret), PORT (0: any free port). Prints "LISTENING <port>" once it listens.
// Control, for the tests: GET /deliveries (every delivery so far, oldest first), POST /fail (answer 500 to verified
// deliveries from now on), POST /recover (answer 204 again), POST /reset (forget the deliveries, answer 204).
import { createServer } from "node:http";
import { Webhook } from "standardwebhooks";

const webhook = new Webhook(process.env.WEBHOOK_SECRET);
const deliveries = [];
let failing = false;

function read(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function answer(response, status, body) {
  response.writeHead(status, body === undefined ? {} : { "Content-Type": "application/json" });
  response.end(body === undefined ? undefined : JSON.stringify(body));
}

const server = createServer(async (request, response) => {
  const path = new URL(request.url, "http://receiver").pathname;
  if (request.method === "POST" && path === "/webhook") {
    const body = await read(request);
    const delivery = {
      webhookId: request.headers["webhook-id"] ?? null,
      webhookTimestamp: request.headers["webhook-timestamp"] ?? null,
      contentType: request.headers["content-type"] ?? null,
      receivedAt: new Date().toISOString(),
      verified: false,
      status: 0,
      event: null,
    };
    try {
      // Throws unless the signature matches and the timestamp is within the library's tolerance.
      delivery.event = webhook.verify(body, request.headers);
      delivery.verified = true;
    } catch (error) {
      delivery.error = String(error.message ?? error);
    }
    delivery.status = !delivery.verified ? 400 : failing ? 500 : 204;
    deliveries.push(delivery);
    return answer(response, delivery.status);
  }
  if (request.method === "GET" && path === "/deliveries") {
    return answer(response, 200, deliveries);
  }
  if (request.method === "POST" && path === "/fail") {
    failing = true;
    return answer(response, 204);
  }
  if (request.method === "POST" && path === "/recover") {
    failing = false;
    return answer(response, 204);
  }
  if (request.method === "POST" && path === "/reset") {
    deliveries.length = 0;
    failing = false;
    return answer(response, 204);
  }
  return answer(response, 404);
});

server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  console.log(`LISTENING ${server.address().port}`);
});
