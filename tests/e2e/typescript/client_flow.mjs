// Drives the generated @example/api-client package against the served example_project.
// usage: node client_flow.mjs <base url> <package name> <expired tokens JSON>; prints one JSON object of
// observations. `expired`: {access, refresh} simplejwt tokens that expired (the server refuses them at once).
const [baseUrl, packageName, expiredJson] = process.argv.slice(2);
const { default: API, APIError } = await import(packageName);
const expired = JSON.parse(expiredJson);

const seen = { refreshCalls: 0, requests: [] };
const countingFetch = async (input, init) => {
  const request = input instanceof Request ? input : new Request(input, init);
  const path = new URL(request.url).pathname;
  if (path.endsWith('/token/refresh/')) seen.refreshCalls += 1;
  const response = await globalThis.fetch(request);
  seen.requests.push(`${request.method} ${path} ${response.status}`);
  seen.lastLanguage = request.headers.get('Accept-Language');
  seen.lastAuthorization = request.headers.get('Authorization');
  return response;
};
// A 1x1 PNG: Django's ImageField opens it with Pillow.
const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);

async function expectError(promise) {
  try {
    await promise;
  } catch (error) {
    return { isAPIError: error instanceof APIError, isError: error instanceof Error, status: error.status,
             detail: error.detail ?? null, message: error.message };
  }
  return { isAPIError: false, status: null };
}

const out = {};
const api = new API(baseUrl, { fetch: countingFetch });

const page1 = await api.public.listProducts({ query: { page: 1 } });
const page2 = await api.public.listProducts({ query: { page: 2 } });
out.products = { count: page1.count, page1: page1.results.length, page2: page2.results.length,
                 hasNext: page1.next !== null, firstName: page1.results[0]?.name ?? null };

out.anonymous = await expectError(api.client.retrieveMe());

const tokens = await api.public.createToken({ body: { username: 'demo', password: 'demo-pass-1234' } });
api.setToken(tokens.access, tokens.refresh);
out.me = (await api.client.retrieveMe()).username;

api.setToken(expired.access, tokens.refresh); // an expired access token: 401 at once, then one refresh
let before = seen.requests.length;
const orders = await api.client.listOrders();
out.afterExpiry = { refreshCalls: seen.refreshCalls, orders: orders.count ?? orders.length,
                    requests: seen.requests.slice(before), tokenChanged: api.getToken() !== tokens.access };

api.setToken(expired.access, api.getRefreshToken());
const refreshesBefore = seen.refreshCalls;
const concurrent = await Promise.all(Array.from({ length: 10 }, () => api.client.retrieveMe()));
out.concurrent = { refreshCalls: seen.refreshCalls - refreshesBefore, results: concurrent.map((me) => me.username) };

// expired tokens in storage: a wrong-password login gets the server's message, a public call succeeds
api.setToken(expired.access, expired.refresh);
before = seen.requests.length;
out.wrongPassword = await expectError(api.public.createToken({ body: { username: 'demo', password: 'wrong' } }));
out.wrongPassword.requests = seen.requests.slice(before);
before = seen.requests.length;
const publicPage = await api.public.listProducts();
out.publicWithExpired = { count: publicPage.count, requests: seen.requests.slice(before), token: api.getToken() };

// the supplier zone: a DRF token set once, no per-call headers
const { token: supplierKey } = await api.supplier.createToken({
  body: { username: 'supplier', password: 'supplier-pass-1234' },
});
api.setCredentials({ tokenAuth: supplierKey });
const stock = await api.supplier.listStock();
const first = stock.results[0];
const patched = await api.supplier.partialUpdateStock({ path: { id: first.id }, body: { stock: first.stock + 1 } });
out.supplier = { count: stock.count, stockRaised: patched.stock === first.stock + 1,
                 authorization: seen.lastAuthorization };
api.setToken(tokens.access, api.getRefreshToken() ?? undefined);
await api.public.listCategories();
out.supplier.publicAuthorization = seen.lastAuthorization; // the public zone takes no DRF token

const file = new File([PNG], 'avatar.png', { type: 'image/png' });
const avatar = await api.client.updateAvatarMe({ body: { avatar: file } });
out.avatar = typeof avatar.avatar === 'string' ? avatar.avatar : null;

api.clearTokens();
out.cleared = { token: api.getToken(), refresh: api.getRefreshToken() };
out.afterClear = await expectError(api.client.retrieveMe());

api.setToken('not-a-jwt', 'not-a-refresh-token');
before = seen.requests.length;
out.badRefresh = await expectError(api.client.retrieveMe());
out.badRefresh.requests = seen.requests.slice(before);
out.badRefresh.tokenAfter = api.getToken();

api.setHeaders({ 'Accept-Language': 'de' });
await api.public.listCategories();
out.headers = { sent: seen.lastLanguage };
api.setHeaders({ 'Accept-Language': null });
await api.public.listCategories();
out.headers.afterRemoval = seen.lastLanguage;

// opt-in localStorage (a Web Storage shim stands in for the browser's)
const items = new Map();
globalThis.localStorage = {
  getItem: (key) => items.get(key) ?? null,
  setItem: (key, value) => items.set(key, String(value)),
  removeItem: (key) => items.delete(key),
};
const stored = new API(baseUrl, { storage: 'localStorage', storageKey: 'shop' });
stored.setToken('a', 'r');
out.localStorage = { keys: [...items.keys()].sort(), readBack: new API(baseUrl, { storage: 'localStorage', storageKey: 'shop' }).getToken() };

process.stdout.write(JSON.stringify(out, null, 2) + '\n');
