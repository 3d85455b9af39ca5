// Runs the compiled package of specs/auth.json under node with a recording `fetch` (see test_typescript_auth.py).
import API from './dist/index.js';

const sent = [];
let refreshes = 0;
let validRefresh = 'r1';
const fetchStub = async (input, init) => {
  const request = input instanceof Request ? input : new Request(input, init);
  const url = new URL(request.url);
  const auth = request.headers.get('Authorization');
  const csrf = request.headers.get('X-CSRFToken');
  sent.push(`${request.method} ${url.pathname}${url.search} ${auth ?? '-'} ${csrf ?? '-'}`);
  const json = (status, body) =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  if (url.pathname === '/api/token/refresh/') {
    refreshes += 1;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const { refresh } = JSON.parse(await request.text());
    if (refresh !== validRefresh) return json(401, { detail: 'Token is blacklisted' });
    validRefresh = 'r2'; // rotated: r1 is blacklisted from now on
    return json(200, { access: 'a2', refresh: 'r2' });
  }
  if (url.pathname === '/api/token/') {
    return json(401, { detail: 'No active account found with the given credentials' });
  }
  if (auth === 'Bearer expired') return json(401, { detail: 'Given token not valid for any token type' });
  return json(200, url.pathname === '/api/catalog/' ? ['x'] : {});
};
globalThis.document = { cookie: 'csrftoken=c1; other=x' };

const out = {};
const api = new API('http://api.test', { fetch: fetchStub });
const take = () => sent.splice(0);

await api.partner.listCatalog();
out.anonymous = take();
api.setCredentials({ tokenAuth: 'k1', partnerKey: 'q1' });
await api.partner.listStock();
await api.partner.listFeed();
await api.partner.listCatalog();
out.schemes = take();
api.setCredentials({ tokenAuth: null, basicAuth: { username: 'ann', password: 'pw' } });
await api.partner.listStock();
out.basic = take();
await api.partner.updateMe({ body: {} });
out.session = take();

api.setToken('expired', 'r1');
await Promise.all(Array.from({ length: 5 }, () => api.partner.retrieveMe()));
out.shared = { refreshes, tokens: [api.getToken(), api.getRefreshToken()] };
take();

api.setToken('expired', 'r1');  // r1 was rotated away: this refresh fails
refreshes = 0;
out.publicAfterFailedRefresh = await api.partner.listCatalog();
out.publicRequests = take();
out.tokensAfter = [api.getToken(), api.getRefreshToken()];

api.setToken('expired', 'r2');
try {
  await api.partner.createToken({ body: { username: 'u', password: 'wrong' } });
} catch (error) {
  out.login = { status: error.status, detail: error.detail, requests: take() };
  // what node prints of an uncaught one: the message names the call; `response` is there but not enumerable
  out.loginError = { message: error.message, keys: Object.keys(error), response: error.response instanceof Response };
}
// an oauth2 scheme without flows (drf-spectacular's for django-oauth-toolkit): hey-api describes no auth for it
api.clearTokens();
api.setCredentials({ oauth2: 'o1' });
await api.partner.listOrders();
out.oauth2 = take();
process.stdout.write(JSON.stringify(out, null, 2));
