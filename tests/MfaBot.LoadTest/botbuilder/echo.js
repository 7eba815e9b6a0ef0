// The Bot Framework SDK's echo bot (npm botbuilder, CloudAdapter) on node's own http server: the load
// generator's second baseline. No app id, so the SDK accepts unauthenticated calls and replies to the
// activity's serviceUrl without a token, as it does for the Emulator.
// Usage: node echo.js <port>
'use strict';
const http = require('http');
const { CloudAdapter, ConfigurationBotFrameworkAuthentication, ActivityHandler } = require('botbuilder');

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
adapter.onTurnError = async (context, error) => {
  console.error('turn error', error);
};

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(`Echo: ${context.activity.text}`);
      await next();
    });
  }
}
const bot = new EchoBot();

// The adapter wants a restify/express-like request and response; node's core objects need a thin shim.
function shimResponse(res) {
  res.status = (code) => { res.statusCode = code; };
  res.header = (name, value) => res.setHeader(name, value);
  res.send = (body) => {
    if (body === undefined || body === null) return;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    if (!res.hasHeader('content-type')) res.setHeader('content-type', 'application/json');
    res.write(text);
  };
  return res;
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET') { res.end('ok'); return; }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    try {
      req.body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.statusCode = 400; res.end(); return;
    }
    await adapter.process(req, shimResponse(res), (context) => bot.run(context));
  });
});
server.keepAliveTimeout = 60000;
server.listen(Number(process.argv[2] || 3979), '127.0.0.1', () => console.log(`listening on ${server.address().port}`));
